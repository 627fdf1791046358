package org.postroom.deliverability;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postroom.core.RawMessage;
import org.postroom.testsupport.DnsServer;
import org.postroom.testsupport.DnsmasqRecords;
import org.postroom.testsupport.IndependentDkimVerifier;

/** Outbound mail from our domain is signed once on its way into the queue; other mail is not. */
class SigningOutboundQueueIT {
  @TempDir static Path keys;
  static DnsServer dns;
  static DkimSigner signer;

  @BeforeAll
  static void start() {
    DkimKeyFiles files = new DkimKeyFiles(keys);
    String pub = files.generate("out");
    dns =
        LoopbackDns.start(
            "outbound",
            List.of(
                DnsmasqRecords.txt(
                    "out._domainkey.example.test",
                    TxtStrings.split(DomainRecords.dkimValue(pub)))));
    signer = new DkimSigner("example.test", "out", files.privateKey("out"));
  }

  @AfterAll
  static void stop() {
    dns.close();
  }

  static RawMessage from(String address) {
    return RawMessage.of(
        ("From: " + address + "\r\nTo: bob@remote.test\r\nSubject: out\r\n\r\nbody\r\n")
            .getBytes(StandardCharsets.US_ASCII));
  }

  @Test
  void mailFromOurDomainAndItsSubdomainsIsSignedAndVerifies() throws Exception {
    for (String a :
        List.of(
            "Alice <alice@example.test>",
            "MAILER-DAEMON@example.test",
            "news@lists.example.test")) {
      byte[] m =
          SigningOutboundQueue.signIfOurs(from(a), "example.test", () -> Optional.of(signer))
              .bytes();
      assertThat(new String(m, StandardCharsets.US_ASCII))
          .startsWith("DKIM-Signature: v=1; a=rsa-sha256;");
      assertThat(IndependentDkimVerifier.verify(m, dns)).as(a).isEqualTo("pass");
    }
  }

  @Test
  void forwardedMailFromOtherDomainsIsLeftAlone() throws Exception {
    RawMessage raw = from("someone@remote.test");
    assertThat(SigningOutboundQueue.signIfOurs(raw, "example.test", () -> Optional.of(signer)))
        .isSameAs(raw);
    RawMessage lookalike = from("x@notexample.test");
    assertThat(
            SigningOutboundQueue.signIfOurs(lookalike, "example.test", () -> Optional.of(signer)))
        .isSameAs(lookalike);
  }

  @Test
  void withoutAKeyTheMessageStillGoesOutUnsigned() throws Exception {
    RawMessage raw = from("alice@example.test");
    assertThat(SigningOutboundQueue.signIfOurs(raw, "example.test", Optional::empty)).isSameAs(raw);
    assertThat(
            SigningOutboundQueue.signIfOurs(
                raw,
                "example.test",
                () -> {
                  throw new IllegalStateException("key file unreadable");
                }))
        .isSameAs(raw);
  }
}
