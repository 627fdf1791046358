package org.postroom.certificates;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPairGenerator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postroom.testsupport.Processes;

/** The hand-built certificate request is one openssl reads, verifies and understands. */
class CsrOpensslIT {
  @Test
  void opensslVerifiesTheSignatureAndSeesEveryName(@TempDir Path dir) throws Exception {
    KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
    g.initialize(2048);
    Path der = dir.resolve("req.der");
    Files.write(
        der, Csr.of(List.of("mail.example.test", "mta-sts.example.test"), g.generateKeyPair()));
    Processes.Result r =
        Processes.run(
            List.of(
                "openssl",
                "req",
                "-inform",
                "DER",
                "-in",
                der.toString(),
                "-verify",
                "-noout",
                "-text"),
            60);
    assertThat(r.exit()).as(r.output()).isZero();
    assertThat(r.output())
        .contains("verify OK")
        .contains("CN = mail.example.test")
        .contains("DNS:mail.example.test, DNS:mta-sts.example.test");
  }
}
