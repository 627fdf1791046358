package org.postroom.boot;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.NoSuchAlgorithmException;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.Security;
import java.security.UnrecoverableKeyException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.Collections;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.KeyManagerFactorySpi;
import javax.net.ssl.ManagerFactoryParameters;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * The server certificate every TLS listener presents (HTTPS, submission, the MX's STARTTLS),
 * replaced without a restart when its files change: a renewed certbot PEM pair, a certificate ACME
 * just issued, a new keystore. Installed by the {@link Launcher} before Payara starts as the JVM's
 * default {@link KeyManagerFactory} algorithm; Payara's HTTPS listener (Grizzly asks for the
 * default algorithm) and Postroom's SMTP listeners both build their key managers through it, and
 * those key managers ask {@link #current} at each handshake. The files are looked at (size and
 * modification time) at most every two seconds; a file that cannot be read (half written, a key
 * that does not match) keeps the previous certificate and is logged. See ADR 0088.
 */
public final class LiveCertificate {
  /** The algorithm name installed as {@code ssl.KeyManagerFactory.algorithm}. */
  public static final String ALGORITHM = "PostroomLive";

  static final String ALIAS = "postroom";
  private static final Logger LOG = Logger.getLogger(LiveCertificate.class.getName());
  private static final long CHECK_EVERY = TimeUnit.SECONDS.toNanos(2);
  private static volatile Live live;

  private LiveCertificate() {}

  /** The key and chain presented now. */
  record Material(PrivateKey key, X509Certificate[] chain) {
    String describe() {
      X509Certificate leaf = chain[0];
      return leaf.getSubjectX500Principal().getName()
          + ", serial "
          + leaf.getSerialNumber().toString(16)
          + ", valid until "
          + leaf.getNotAfter().toInstant();
    }
  }

  /** Where the certificate comes from. */
  interface Source {
    /** Changes whenever the files do (sizes and modification times). */
    String stamp() throws IOException;

    Material load() throws IOException;
  }

  static String stampOf(Path... files) throws IOException {
    StringBuilder sb = new StringBuilder();
    for (Path f : files) {
      sb.append(Files.size(f)).append('@').append(Files.getLastModifiedTime(f).toMillis());
      sb.append(';');
    }
    return sb.toString();
  }

  /** A PKCS#12 keystore (the generated self-signed one, or {@code postroom.tls.keystore}). */
  static Source keystore(Path path, String password) {
    return new Source() {
      @Override
      public String stamp() throws IOException {
        return stampOf(path);
      }

      @Override
      public Material load() throws IOException {
        try (InputStream in = Files.newInputStream(path)) {
          KeyStore ks = KeyStore.getInstance("PKCS12");
          ks.load(in, password.toCharArray());
          for (String alias : Collections.list(ks.aliases())) {
            if (ks.isKeyEntry(alias)) {
              Certificate[] chain = ks.getCertificateChain(alias);
              X509Certificate[] x = new X509Certificate[chain.length];
              for (int i = 0; i < chain.length; i++) {
                x[i] = (X509Certificate) chain[i];
              }
              return new Material((PrivateKey) ks.getKey(alias, password.toCharArray()), x);
            }
          }
          throw new IOException(path + " holds no private key");
        } catch (GeneralSecurityException e) {
          throw new IOException(path + ": " + e.getMessage(), e);
        }
      }
    };
  }

  /** A PEM certificate chain and key, as certbot writes them. */
  static Source pem(Path certificate, Path key) {
    return new Source() {
      @Override
      public String stamp() throws IOException {
        return stampOf(certificate, key);
      }

      @Override
      public Material load() throws IOException {
        PemFiles p = PemFiles.read(certificate, key);
        return new Material(p.key(), p.chain().toArray(X509Certificate[]::new));
      }
    };
  }

  /**
   * The PEM pair once both files exist (the certificate ACME issued), until then the fallback (the
   * self-signed keystore), so the first issuance is picked up like a renewal.
   */
  static Source preferring(Path certificate, Path key, Source fallback) {
    Source pem = pem(certificate, key);
    return new Source() {
      private boolean present() {
        return Files.isRegularFile(certificate) && Files.isRegularFile(key);
      }

      @Override
      public String stamp() throws IOException {
        return present() ? "pem:" + pem.stamp() : "fallback:" + fallback.stamp();
      }

      @Override
      public Material load() throws IOException {
        return present() ? pem.load() : fallback.load();
      }
    };
  }

  /**
   * Loads the certificate once (a failure is the caller's start error) and makes it the JVM's
   * default key material for TLS servers.
   */
  static synchronized void install(Source source) throws IOException {
    String stamp = source.stamp();
    Material first = source.load();
    live = new Live(source, first, stamp);
    if (Security.getProvider(ALGORITHM) == null) {
      Security.addProvider(new LiveProvider());
    }
    Security.setProperty("ssl.KeyManagerFactory.algorithm", ALGORITHM);
    LOG.info(() -> "TLS certificate: " + first.describe());
  }

  /** What a handshake starting now presents. */
  static Material current() {
    return live.current();
  }

  private static final class Live {
    private final Source source;
    private volatile Material material;
    private volatile String stamp;
    private volatile long checkedAt = System.nanoTime();
    private String refused;

    Live(Source source, Material material, String stamp) {
      this.source = source;
      this.material = material;
      this.stamp = stamp;
    }

    Material current() {
      long now = System.nanoTime();
      if (now - checkedAt >= CHECK_EVERY) {
        reloadIfChanged(now);
      }
      return material;
    }

    private synchronized void reloadIfChanged(long now) {
      if (now - checkedAt < CHECK_EVERY) {
        return;
      }
      checkedAt = now;
      String s;
      try {
        s = source.stamp();
      } catch (IOException e) {
        s = "unreadable: " + e.getMessage();
      }
      if (s.equals(stamp) || s.equals(refused)) {
        return;
      }
      try {
        Material m = source.load();
        material = m;
        stamp = s;
        refused = null;
        LOG.info(() -> "TLS certificate reloaded: " + m.describe());
      } catch (IOException | RuntimeException e) {
        refused = s;
        LOG.log(
            Level.WARNING,
            "TLS certificate files changed but cannot be used; keeping "
                + material.describe()
                + ": "
                + e.getMessage());
      }
    }
  }

  private static final class LiveProvider extends Provider {
    private static final long serialVersionUID = 1L;

    LiveProvider() {
      super(ALGORITHM, "1.0", "Postroom: the live server certificate");
      putService(
          new Service(
              this, "KeyManagerFactory", ALGORITHM, LiveFactory.class.getName(), null, null) {
            @Override
            public Object newInstance(Object constructorParameter) {
              return new LiveFactory();
            }
          });
    }
  }

  /**
   * Given a keystore (a TLS server being set up), hands out the live key manager; asked for
   * defaults (no keystore, or parameters), behaves as the JDK's own factory.
   */
  static final class LiveFactory extends KeyManagerFactorySpi {
    private KeyManagerFactory standard;
    private boolean serving;

    private KeyManagerFactory standard() throws NoSuchAlgorithmException {
      if (standard == null) {
        standard = KeyManagerFactory.getInstance("PKIX");
      }
      return standard;
    }

    @Override
    protected void engineInit(KeyStore ks, char[] password)
        throws KeyStoreException, NoSuchAlgorithmException, UnrecoverableKeyException {
      serving = ks != null && live != null;
      if (!serving) {
        standard().init(ks, password);
      }
    }

    @Override
    protected void engineInit(ManagerFactoryParameters spec)
        throws InvalidAlgorithmParameterException {
      serving = false;
      try {
        standard().init(spec);
      } catch (NoSuchAlgorithmException e) {
        throw new InvalidAlgorithmParameterException(e);
      }
    }

    @Override
    protected KeyManager[] engineGetKeyManagers() {
      if (serving) {
        return new KeyManager[] {new LiveKeyManager()};
      }
      try {
        return standard().getKeyManagers();
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      }
    }
  }

  /** Presents {@link #current}, whatever alias the listener asks for (Payara asks by nickname). */
  static final class LiveKeyManager extends X509ExtendedKeyManager {
    private static String aliasFor(String keyType) {
      String algorithm = current().key().getAlgorithm();
      return keyType != null
              && (keyType.equalsIgnoreCase(algorithm)
                  || (algorithm.equals("RSA") && keyType.equals("RSASSA-PSS")))
          ? ALIAS
          : null;
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
      return aliasFor(keyType);
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
      return aliasFor(keyType);
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
      String a = aliasFor(keyType);
      return a == null ? null : new String[] {a};
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
      return current().chain().clone();
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
      return current().key();
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
      return null;
    }

    @Override
    public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
      return null;
    }

    @Override
    public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine e) {
      return null;
    }
  }
}
