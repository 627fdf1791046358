package org.postroom.boot;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A certificate chain and its private key from PEM files, as certbot writes them ({@code
 * fullchain.pem}, {@code privkey.pem}): the chain leaf first; the key as PKCS#8 ({@code BEGIN
 * PRIVATE KEY}, RSA or EC) or PKCS#1 ({@code BEGIN RSA PRIVATE KEY}). JDK only.
 */
public record PemFiles(List<X509Certificate> chain, PrivateKey key) {
  private static final Pattern BLOCK =
      Pattern.compile("-----BEGIN ([A-Z0-9 ]+)-----([A-Za-z0-9+/=\\s]+)-----END \\1-----");

  /** Reads and checks both files: a readable chain, a readable key, and the key matching it. */
  public static PemFiles read(Path certificate, Path key) throws IOException {
    List<X509Certificate> chain = new ArrayList<>();
    try {
      CertificateFactory cf = CertificateFactory.getInstance("X.509");
      for (byte[] der : blocks(certificate, "CERTIFICATE")) {
        chain.add((X509Certificate) cf.generateCertificate(new ByteArrayInputStream(der)));
      }
    } catch (GeneralSecurityException e) {
      throw new IOException(certificate + ": not a certificate (" + e.getMessage() + ")");
    }
    if (chain.isEmpty()) {
      throw new IOException(certificate + ": no BEGIN CERTIFICATE block");
    }
    PrivateKey k = privateKey(key, chain.get(0).getPublicKey().getAlgorithm());
    if (!matches(chain.get(0), k)) {
      throw new IOException(key + " is not the key of the first certificate in " + certificate);
    }
    return new PemFiles(List.copyOf(chain), k);
  }

  private static PrivateKey privateKey(Path file, String algorithm) throws IOException {
    String text = Files.readString(file, StandardCharsets.US_ASCII);
    Matcher m = BLOCK.matcher(text);
    while (m.find()) {
      byte[] der = Base64.getMimeDecoder().decode(m.group(2));
      try {
        switch (m.group(1)) {
          case "PRIVATE KEY":
            return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
          case "RSA PRIVATE KEY":
            return KeyFactory.getInstance("RSA")
                .generatePrivate(new PKCS8EncodedKeySpec(pkcs1ToPkcs8(der)));
          case "ENCRYPTED PRIVATE KEY":
            throw new IOException(file + ": the key is encrypted; give it without a passphrase");
          case "EC PRIVATE KEY":
            throw new IOException(
                file + ": an SEC1 EC key; convert it with openssl pkcs8 -topk8 -nocrypt");
          default:
            continue;
        }
      } catch (GeneralSecurityException e) {
        throw new IOException(file + ": not a private key (" + e.getMessage() + ")");
      }
    }
    throw new IOException(file + ": no BEGIN PRIVATE KEY block");
  }

  /** PKCS#1 RSAPrivateKey wrapped as PKCS#8 PrivateKeyInfo with the rsaEncryption identifier. */
  static byte[] pkcs1ToPkcs8(byte[] pkcs1) {
    byte[] algorithm = {
      0x30,
      0x0d,
      0x06,
      0x09,
      0x2a,
      (byte) 0x86,
      0x48,
      (byte) 0x86,
      (byte) 0xf7,
      0x0d,
      0x01,
      0x01,
      0x01,
      0x05,
      0x00
    };
    byte[] version = {0x02, 0x01, 0x00};
    byte[] octets = tlv(0x04, pkcs1);
    byte[] body = new byte[version.length + algorithm.length + octets.length];
    System.arraycopy(version, 0, body, 0, version.length);
    System.arraycopy(algorithm, 0, body, version.length, algorithm.length);
    System.arraycopy(octets, 0, body, version.length + algorithm.length, octets.length);
    return tlv(0x30, body);
  }

  private static byte[] tlv(int tag, byte[] value) {
    int n = value.length;
    byte[] len =
        n < 0x80
            ? new byte[] {(byte) n}
            : n < 0x100
                ? new byte[] {(byte) 0x81, (byte) n}
                : n < 0x10000
                    ? new byte[] {(byte) 0x82, (byte) (n >> 8), (byte) n}
                    : new byte[] {(byte) 0x83, (byte) (n >> 16), (byte) (n >> 8), (byte) n};
    byte[] out = new byte[1 + len.length + n];
    out[0] = (byte) tag;
    System.arraycopy(len, 0, out, 1, len.length);
    System.arraycopy(value, 0, out, 1 + len.length, n);
    return out;
  }

  private static List<byte[]> blocks(Path file, String type) throws IOException {
    String text = Files.readString(file, StandardCharsets.US_ASCII);
    List<byte[]> out = new ArrayList<>();
    Matcher m = BLOCK.matcher(text);
    while (m.find()) {
      if (m.group(1).equals(type)) {
        out.add(Base64.getMimeDecoder().decode(m.group(2)));
      }
    }
    return out;
  }

  /** The key signs what the certificate's public key verifies. */
  private static boolean matches(X509Certificate cert, PrivateKey key) {
    try {
      String alg =
          cert.getPublicKey() instanceof RSAPublicKey ? "SHA256withRSA" : "SHA256withECDSA";
      byte[] probe = "postroom key check".getBytes(StandardCharsets.US_ASCII);
      java.security.Signature s = java.security.Signature.getInstance(alg);
      s.initSign(key);
      s.update(probe);
      byte[] sig = s.sign();
      s.initVerify(cert.getPublicKey());
      s.update(probe);
      return s.verify(sig);
    } catch (GeneralSecurityException e) {
      return false;
    }
  }
}
