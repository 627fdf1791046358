package org.postroom.deliverability;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.util.Base64;
import java.util.regex.Pattern;

/**
 * DKIM private keys as PKCS#8 PEM files ({@code <selector>.key}, readable by the owner only) in
 * {@code <data.dir>/dkim/}. The private key is written once and only read back to sign; nothing
 * ever shows it. The public half is derived from it.
 */
public final class DkimKeyFiles {
  private static final Pattern SELECTOR = Pattern.compile("[a-z0-9][a-z0-9-]{0,62}");
  private final Path dir;

  public DkimKeyFiles(Path dir) {
    this.dir = dir;
  }

  /** A new RSA-2048 key pair for the selector; the private key is written before this returns. */
  public String generate(String selector) {
    check(selector);
    try {
      KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
      g.initialize(2048);
      KeyPair kp = g.generateKeyPair();
      Files.createDirectories(dir);
      Path file = file(selector);
      String pem =
          "-----BEGIN PRIVATE KEY-----\n"
              + Base64.getMimeEncoder(64, new byte[] {'\n'})
                  .encodeToString(kp.getPrivate().getEncoded())
              + "\n-----END PRIVATE KEY-----\n";
      Path tmp = Files.createTempFile(dir, selector, ".tmp");
      try {
        ownerOnly(tmp);
        Files.writeString(tmp, pem, StandardCharsets.US_ASCII);
        Files.move(tmp, file); // never replaces an existing key
      } catch (FileAlreadyExistsException e) {
        Files.deleteIfExists(tmp);
        throw new IllegalStateException("a DKIM key for selector " + selector + " exists already");
      }
      return Base64.getEncoder().encodeToString(kp.getPublic().getEncoded());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  public boolean exists(String selector) {
    return Files.isRegularFile(file(selector));
  }

  public PrivateKey privateKey(String selector) {
    check(selector);
    try {
      String pem = Files.readString(file(selector), StandardCharsets.US_ASCII);
      String b64 = pem.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
      return KeyFactory.getInstance("RSA")
          .generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(b64)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("the DKIM key " + file(selector) + " is unreadable", e);
    }
  }

  /** The base64 SubjectPublicKeyInfo of a stored key (the DNS {@code p=} value). */
  public String publicKey(String selector) {
    try {
      RSAPrivateCrtKey k = (RSAPrivateCrtKey) privateKey(selector);
      return Base64.getEncoder()
          .encodeToString(
              KeyFactory.getInstance("RSA")
                  .generatePublic(new RSAPublicKeySpec(k.getModulus(), k.getPublicExponent()))
                  .getEncoded());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Removes a retired key's private half. */
  public void delete(String selector) {
    check(selector);
    try {
      Files.deleteIfExists(file(selector));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private Path file(String selector) {
    return dir.resolve(selector + ".key");
  }

  private static void check(String selector) {
    if (!SELECTOR.matcher(selector).matches()) {
      throw new IllegalArgumentException("not a DKIM selector: " + selector);
    }
  }

  private static void ownerOnly(Path p) throws IOException {
    try {
      Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rw-------"));
    } catch (UnsupportedOperationException e) {
      // not a POSIX file system: the data directory's own permissions protect it
    }
  }
}
