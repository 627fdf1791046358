package org.postroom.boot;

import java.nio.file.Path;

/**
 * Where the certificate issued by ACME is kept on each node: {@code <data.dir>/tls/acme/}, the
 * chain and its key as PEM (owner only). The database holds the issued certificate for every node;
 * each node writes it here and {@link LiveCertificate} presents it from here.
 */
public record AcmeFiles(Path certificate, Path key) {
  public static AcmeFiles in(Path dataDir) {
    Path dir = dataDir.resolve("tls").resolve("acme");
    return new AcmeFiles(dir.resolve("fullchain.pem"), dir.resolve("privkey.pem"));
  }

  public Path directory() {
    return certificate.getParent();
  }
}
