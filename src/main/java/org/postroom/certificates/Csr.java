package org.postroom.certificates;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.Signature;
import java.util.List;

/**
 * A PKCS#10 certificate request (RFC 2986) for an RSA key and a list of DNS names: the first as the
 * subject's common name, all of them as subjectAltName, signed with SHA256withRSA. Java has no
 * public API for one and the only library that builds them (Bouncy Castle) would add 9 MB to the
 * war and to every start's annotation scan for this one structure (ADR 0090).
 */
final class Csr {
  private static final byte[] OID_COMMON_NAME = {0x55, 0x04, 0x03};
  private static final byte[] OID_EXTENSION_REQUEST = {
    0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x09, 0x0e
  };
  private static final byte[] OID_SUBJECT_ALT_NAME = {0x55, 0x1d, 0x11};
  private static final byte[] OID_SHA256_WITH_RSA = {
    0x2a, (byte) 0x86, 0x48, (byte) 0x86, (byte) 0xf7, 0x0d, 0x01, 0x01, 0x0b
  };

  private Csr() {}

  /** The DER bytes of a request for {@code names}, signed by {@code key}. */
  static byte[] of(List<String> names, KeyPair key) throws GeneralSecurityException {
    if (names.isEmpty()) {
      throw new IllegalArgumentException("a certificate needs at least one name");
    }
    byte[] subject =
        seq(
            set(
                seq(
                    tlv(0x06, OID_COMMON_NAME),
                    tlv(0x0c, names.getFirst().getBytes(StandardCharsets.UTF_8)))));
    byte[][] general = new byte[names.size()][];
    for (int i = 0; i < names.size(); i++) {
      general[i] = tlv(0x82, names.get(i).getBytes(StandardCharsets.US_ASCII)); // [2] dNSName
    }
    byte[] san = seq(tlv(0x06, OID_SUBJECT_ALT_NAME), tlv(0x04, seq(general)));
    byte[] attributes = tlv(0xa0, seq(tlv(0x06, OID_EXTENSION_REQUEST), set(seq(san))));
    byte[] info = seq(tlv(0x02, new byte[] {0}), subject, key.getPublic().getEncoded(), attributes);
    Signature signer = Signature.getInstance("SHA256withRSA");
    signer.initSign(key.getPrivate());
    signer.update(info);
    byte[] signature = signer.sign();
    byte[] bits = new byte[signature.length + 1]; // no unused bits
    System.arraycopy(signature, 0, bits, 1, signature.length);
    return seq(info, seq(tlv(0x06, OID_SHA256_WITH_RSA), tlv(0x05, new byte[0])), tlv(0x03, bits));
  }

  private static byte[] seq(byte[]... parts) {
    return tlv(0x30, concat(parts));
  }

  private static byte[] set(byte[]... parts) {
    return tlv(0x31, concat(parts));
  }

  private static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  /** One DER element: tag, definite length, value. */
  static byte[] tlv(int tag, byte[] value) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(value.length + 6);
    out.write(tag);
    int n = value.length;
    if (n < 0x80) {
      out.write(n);
    } else {
      int bytes = n > 0xffffff ? 4 : n > 0xffff ? 3 : n > 0xff ? 2 : 1;
      out.write(0x80 | bytes);
      for (int i = bytes - 1; i >= 0; i--) {
        out.write(n >>> (8 * i));
      }
    }
    out.writeBytes(value);
    return out.toByteArray();
  }
}
