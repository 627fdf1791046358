package org.postroom.deliverability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.postroom.testsupport.DnsmasqRecords.txt;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.postroom.core.RawMessage;
import org.postroom.deliverability.InboundChecks.Action;
import org.postroom.deliverability.InboundChecks.Policy;
import org.postroom.dns.DnsResolver;

/** The MX's decisions for every kind of sender, against the DNS answers of {@link TestDns}. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class InboundChecksContract {
  /** The DNS these cases ask, with these records. */
  abstract TestDns startDns(String name, List<String> records);

  static final String HOST = "mail.example.test";
  static final InetAddress PEER = address("127.0.0.2");
  static final InetAddress STRANGER = address("127.0.0.77");
  @TempDir static Path keys;
  TestDns dns;
  DnsResolver resolver;
  DkimKeyFiles files;

  static InetAddress address(String ip) {
    try {
      return InetAddress.getByName(ip);
    } catch (java.net.UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }

  @BeforeAll
  void start() {
    files = new DkimKeyFiles(keys);
    String remoteKey = files.generate("peer");
    String ourKey = files.generate("ours");
    dns =
        startDns(
            "inbound",
            List.of(
                txt("peer._domainkey.reject.test", DomainRecords.dkimValue(remoteKey)),
                txt("ours._domainkey.example.test", DomainRecords.dkimValue(ourKey)),
                txt("reject.test", "v=spf1 ip4:127.0.0.2 -all"),
                txt("_dmarc.reject.test", "v=DMARC1; p=reject"),
                txt("quarantine.test", "v=spf1 ip4:127.0.0.99 -all"),
                txt("_dmarc.quarantine.test", "v=DMARC1; p=quarantine"),
                txt("monitor.test", "v=spf1 ip4:127.0.0.99 -all"),
                txt("_dmarc.monitor.test", "v=DMARC1; p=none"),
                txt("nodmarc.test", "v=spf1 ip4:127.0.0.99 -all"),
                txt("example.test", "v=spf1 ip4:127.0.0.1 -all"),
                txt("_dmarc.example.test", "v=DMARC1; p=quarantine"),
                "host-record=mx.remote.test,127.0.0.2"));
    resolver = dns.resolver();
  }

  @AfterAll
  void stop() {
    dns.close();
  }

  RawMessage message(String from, String extraHeaders) {
    return RawMessage.of(
        (extraHeaders
                + "From: "
                + from
                + "\r\nTo: bob@example.test\r\nSubject: hi\r\nDate: Sun, 29 Nov 2026 10:00:00 +0000\r\n"
                + "Message-ID: <x@test>\r\n\r\nHello\r\n")
            .getBytes(StandardCharsets.US_ASCII));
  }

  InboundChecks.Verdict check(InetAddress ip, String mailFrom, RawMessage m, Policy p)
      throws Exception {
    return new InboundChecks(resolver, HOST, "example.test", p)
        .check(ip, "mx.remote.test", mailFrom, m, Instant.now());
  }

  String text(RawMessage m) throws Exception {
    return new String(m.bytes(), StandardCharsets.US_ASCII);
  }

  AuthenticationResults.Mark mark(InboundChecks.Verdict v) throws Exception {
    return AuthenticationResults.read(v.message().bytes(), HOST).orElseThrow();
  }

  @Test
  void authenticatedMailIsAcceptedWithAllResultsInTheHeaderAndMarkedVerified() throws Exception {
    RawMessage signed =
        new DkimSigner("reject.test", "peer", files.privateKey("peer"))
            .sign(message("Alice <alice@reject.test>", ""), Instant.now());
    InboundChecks.Verdict v = check(PEER, "alice@reject.test", signed, Policy.DEFAULT);
    assertThat(v.action()).isEqualTo(Action.ACCEPT);
    String head = text(v.message());
    assertThat(head)
        .startsWith("Authentication-Results: mail.example.test;\r\n\tspf=pass")
        .contains("smtp.mailfrom=reject.test")
        .contains("smtp.helo=mx.remote.test")
        .contains("dkim=pass header.d=reject.test header.s=peer")
        .contains("dmarc=pass (p=reject) header.from=reject.test");
    assertThat(mark(v).verified()).isTrue();
    assertThat(mark(v).summary()).isEqualTo("SPF pass, DKIM pass, DMARC pass for reject.test");
  }

  @Test
  void failingMailFromARejectDomainIsRefused() throws Exception {
    InboundChecks.Verdict v =
        check(STRANGER, "alice@reject.test", message("alice@reject.test", ""), Policy.DEFAULT);
    assertThat(v.action()).isEqualTo(Action.REJECT);
    assertThat(v.status().line())
        .startsWith("550 5.7.1 Rejected by the DMARC policy of reject.test");
    assertThat(v.message()).isNull();
    // configured to only mark: delivered, not verified
    InboundChecks.Verdict marked =
        check(
            STRANGER,
            "alice@reject.test",
            message("alice@reject.test", ""),
            new Policy("reject", "mark", "quarantine", "accept"));
    assertThat(marked.action()).isEqualTo(Action.ACCEPT);
    assertThat(mark(marked).verified()).isFalse();
    assertThat(mark(marked).dmarc()).isEqualTo("fail");
  }

  @Test
  void quarantineGoesToJunkAndNoneIsMarked() throws Exception {
    InboundChecks.Verdict q =
        check(PEER, "a@quarantine.test", message("a@quarantine.test", ""), Policy.DEFAULT);
    assertThat(q.action()).isEqualTo(Action.QUARANTINE);
    assertThat(text(q.message())).contains("spf=fail").contains("dmarc=fail (p=quarantine)");
    InboundChecks.Verdict n =
        check(PEER, "a@monitor.test", message("a@monitor.test", ""), Policy.DEFAULT);
    assertThat(n.action()).isEqualTo(Action.ACCEPT);
    assertThat(mark(n).verified()).isFalse();
    // SPF -all without a DMARC record: delivered, marked
    InboundChecks.Verdict s =
        check(PEER, "a@nodmarc.test", message("a@nodmarc.test", ""), Policy.DEFAULT);
    assertThat(s.action()).isEqualTo(Action.ACCEPT);
    assertThat(mark(s).spf()).isEqualTo("fail");
    assertThat(mark(s).dmarc()).isEqualTo("none");
  }

  @Test
  void mailClaimingOurOwnDomainFromOutsideIsRefused() throws Exception {
    InboundChecks.Verdict v =
        check(PEER, "ceo@example.test", message("CEO <ceo@example.test>", ""), Policy.DEFAULT);
    assertThat(v.action()).isEqualTo(Action.REJECT);
    assertThat(v.status().line())
        .contains("550 5.7.1 Mail from example.test must come through its own server");
    // even with a foreign envelope sender that passes SPF
    assertThat(
            check(PEER, "x@reject.test", message("ceo@example.test", ""), Policy.DEFAULT).action())
        .isEqualTo(Action.REJECT);
    assertThat(
            check(
                    PEER,
                    "ceo@example.test",
                    message("ceo@example.test", ""),
                    new Policy("quarantine", "reject", "quarantine", "accept"))
                .action())
        .isEqualTo(Action.QUARANTINE);
    // our own signature (a message of ours that came back) is accepted
    RawMessage ours =
        new DkimSigner("example.test", "ours", files.privateKey("ours"))
            .sign(message("ceo@example.test", ""), Instant.now());
    assertThat(check(PEER, "list@reject.test", ours, Policy.DEFAULT).action())
        .isEqualTo(Action.ACCEPT);
  }

  @Test
  void aDnsFailureNeverLosesTheMessage() throws Exception {
    InboundChecks checks = new InboundChecks(dns.dead(), HOST, "example.test", Policy.DEFAULT);
    InboundChecks.Verdict v =
        checks.check(
            PEER, "mx.remote.test", "a@reject.test", message("a@reject.test", ""), Instant.now());
    assertThat(v.action()).isEqualTo(Action.ACCEPT);
    assertThat(text(v.message())).contains("spf=temperror").contains("dmarc=temperror");
    assertThat(mark(v).verified()).isFalse();
    InboundChecks.Verdict t =
        new InboundChecks(
                dns.dead(),
                HOST,
                "example.test",
                new Policy("reject", "reject", "quarantine", "tempfail"))
            .check(
                PEER,
                "mx.remote.test",
                "a@reject.test",
                message("a@reject.test", ""),
                Instant.now());
    assertThat(t.action()).isEqualTo(Action.TEMPFAIL);
    assertThat(t.status().line()).startsWith("451 4.7.5");
  }

  @Test
  void forgedResultsClaimingOurHostAreRemovedAndOthersKept() throws Exception {
    String forged =
        "Authentication-Results: MAIL.example.test; dmarc=pass header.from=reject.test\r\n"
            + "Authentication-Results: mx.other.test; dkim=pass\r\n"
            + "Authentication-Results: mail.example.test;\r\n spf=pass\r\n";
    InboundChecks.Verdict v =
        check(PEER, "a@monitor.test", message("a@monitor.test", forged), Policy.DEFAULT);
    String out = text(v.message());
    assertThat(out.split("Authentication-Results: mail.example.test", -1)).hasSize(2);
    assertThat(out)
        .doesNotContain("MAIL.example.test")
        .contains("Authentication-Results: mx.other.test; dkim=pass");
    assertThat(out).endsWith("\r\n\r\nHello\r\n");
    assertThat(v.message().size()).isEqualTo(v.message().bytes().length);
    assertThat(mark(v).verified()).isFalse();
  }

  @Test
  void aMessageWithoutOneFromAddressIsNotVerifiable() throws Exception {
    InboundChecks.Verdict v =
        check(PEER, "a@reject.test", message("a@reject.test, b@monitor.test", ""), Policy.DEFAULT);
    assertThat(v.action()).isEqualTo(Action.ACCEPT);
    assertThat(text(v.message())).contains("dmarc=permerror");
  }
}
