package org.postroom.testsupport;

import java.nio.file.Path;
import java.util.List;

/**
 * Self-signed certificates for the peers and tests, made by openssl (RSA 2048, key unencrypted).
 */
public final class SelfSigned {
  private SelfSigned() {}

  /**
   * Writes a certificate for {@code commonName} with the given subjectAltName (e.g. {@code
   * DNS:mx.remote.test,IP:127.0.0.2}) and its PKCS#8 key.
   */
  public static void make(Path cert, Path key, String commonName, String altNames, int days) {
    Processes.check(
        List.of(
            "openssl",
            "req",
            "-x509",
            "-newkey",
            "rsa:2048",
            "-nodes",
            "-days",
            String.valueOf(days),
            "-subj",
            "/CN=" + commonName,
            "-addext",
            "subjectAltName=" + altNames,
            "-keyout",
            key.toString(),
            "-out",
            cert.toString()),
        60);
  }
}
