package org.postroom.boot;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.postroom.config.ConfigException;
import org.postroom.config.Setting;
import org.postroom.config.Settings;

/**
 * The PKCS#12 keystore that HTTPS and SMTP TLS share: the configured one, or a self-signed
 * certificate generated once into {@code <data.dir>/tls/} with the JDK's keytool (Java has no
 * public API to build an X.509 certificate). The generated password sits beside it, readable by the
 * owner only.
 */
public record TlsKeystore(Path path, String password, String alias) {
  private static final String GENERATED_ALIAS = "postroom";

  /** The keystore these settings name, without creating anything. */
  public static TlsKeystore of(Settings settings) {
    var configured = settings.optional(Setting.TLS_KEYSTORE);
    if (configured.isPresent()) {
      Path p = Path.of(configured.get()).toAbsolutePath();
      String pw = settings.optional(Setting.TLS_KEYSTORE_PASSWORD).orElse("");
      return new TlsKeystore(p, pw, firstKeyAlias(p, pw));
    }
    Path dir = settings.dataDir().resolve("tls");
    Path pwFile = dir.resolve("keystore.password");
    String pw;
    try {
      pw = Files.readString(pwFile, StandardCharsets.US_ASCII).trim();
    } catch (IOException e) {
      pw = "";
    }
    return new TlsKeystore(dir.resolve("keystore.p12"), pw, GENERATED_ALIAS);
  }

  /** Generates the self-signed keystore when none is configured and none exists yet. */
  public static TlsKeystore ensure(Settings settings) {
    if (settings.optional(Setting.TLS_KEYSTORE).isPresent()) {
      TlsKeystore k = of(settings);
      if (!Files.isReadable(k.path())) {
        throw new ConfigException(Setting.TLS_KEYSTORE, "cannot read " + k.path());
      }
      return k;
    }
    Path dir = settings.dataDir().resolve("tls");
    Path store = dir.resolve("keystore.p12");
    if (Files.exists(store)) {
      return of(settings);
    }
    String host = settings.optional(Setting.HOSTNAME).orElse("localhost");
    String pw = randomPassword();
    try {
      Files.createDirectories(dir);
      Path pwFile = dir.resolve("keystore.password");
      Files.writeString(pwFile, pw, StandardCharsets.US_ASCII);
      try {
        Files.setPosixFilePermissions(pwFile, PosixFilePermissions.fromString("rw-------"));
      } catch (UnsupportedOperationException e) {
        // not a POSIX file system; the data directory's own permissions protect it
      }
      Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
      Path tmp = dir.resolve("keystore.p12.tmp");
      Files.deleteIfExists(tmp);
      Process p =
          new ProcessBuilder(
                  List.of(
                      keytool.toString(),
                      "-genkeypair",
                      "-alias",
                      GENERATED_ALIAS,
                      "-keyalg",
                      "RSA",
                      "-keysize",
                      "2048",
                      "-validity",
                      "3650",
                      "-dname",
                      "CN=" + host,
                      "-ext",
                      "SAN=dns:" + host + ",dns:localhost,ip:127.0.0.1",
                      "-storetype",
                      "PKCS12",
                      "-keystore",
                      tmp.toString(),
                      "-storepass",
                      pw,
                      "-keypass",
                      pw))
              .redirectErrorStream(true)
              .start();
      String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new ConfigException(Setting.TLS_KEYSTORE, "keytool failed: " + output.trim());
      }
      Files.move(tmp, store);
    } catch (IOException e) {
      throw new ConfigException(Setting.DATA_DIR, "cannot create " + store + " (" + e + ")");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ConfigException(Setting.TLS_KEYSTORE, "interrupted while generating a certificate");
    }
    return new TlsKeystore(store, pw, GENERATED_ALIAS);
  }

  /** A server-side TLS context over this keystore (SMTP STARTTLS and implicit TLS). */
  public SSLContext serverContext() throws IOException, GeneralSecurityException {
    KeyStore ks = load(path, password);
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(ks, password.toCharArray());
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(kmf.getKeyManagers(), null, null);
    return ctx;
  }

  private static KeyStore load(Path p, String pw) throws IOException, GeneralSecurityException {
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(p)) {
      ks.load(in, pw.toCharArray());
    }
    return ks;
  }

  private static String firstKeyAlias(Path p, String pw) {
    try {
      KeyStore ks = load(p, pw);
      for (String alias : Collections.list(ks.aliases())) {
        if (ks.isKeyEntry(alias)) {
          return alias;
        }
      }
      throw new ConfigException(Setting.TLS_KEYSTORE, p + " holds no private key");
    } catch (IOException | GeneralSecurityException e) {
      throw new ConfigException(
          Setting.TLS_KEYSTORE, "cannot open " + p + " (" + e.getMessage() + ")");
    }
  }

  private static String randomPassword() {
    String alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz23456789";
    SecureRandom r = new SecureRandom();
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 32; i++) {
      sb.append(alphabet.charAt(r.nextInt(alphabet.length())));
    }
    return sb.toString();
  }
}
