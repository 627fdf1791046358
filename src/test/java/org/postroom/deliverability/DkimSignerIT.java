package org.postroom.deliverability;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postroom.core.RawMessage;
import org.postroom.deliverability.DkimVerifier.Status;
import org.postroom.dns.DnsResolver;
import org.postroom.testsupport.DnsServer;
import org.postroom.testsupport.DnsmasqRecords;
import org.postroom.testsupport.IndependentDkimVerifier;

/**
 * Postroom's DKIM signatures verify with an independent verifier (Debian's python3-dkim) that reads
 * the key from the loopback DNS exactly as the setup page says to publish it; and Postroom's own
 * verifier agrees with it on good and tampered messages.
 */
class DkimSignerIT {
  static final String DOMAIN = "example.test";
  @TempDir static Path keys;
  static DnsServer dns;
  static DnsResolver resolver;
  static DkimSigner signer;

  @BeforeAll
  static void start() {
    DkimKeyFiles files = new DkimKeyFiles(keys);
    String pub = files.generate("pr1");
    DnsRecord published =
        new DomainRecords(
                new DomainRecords.Inputs(
                    DOMAIN,
                    "mail." + DOMAIN,
                    java.util.Optional.empty(),
                    java.util.Optional.empty(),
                    List.of(new DkimKey("pr1", pub, true, null)),
                    "off"))
            .find("dkim:pr1")
            .orElseThrow();
    assertThat(published.strings()).hasSizeGreaterThan(1).allMatch(s -> s.length() <= 255);
    dns = LoopbackDns.start("dkim", List.of(DnsmasqRecords.line(published)));
    resolver = LoopbackDns.resolver(dns);
    signer = new DkimSigner(DOMAIN, "pr1", files.privateKey("pr1"));
  }

  @AfterAll
  static void stop() {
    dns.close();
  }

  static final String PLAIN =
      "From: Alice <alice@example.test>\r\n"
          + "To: bob@remote.test,\r\n"
          + "  carol@remote.test\r\n"
          + "Cc: dave@remote.test\r\n"
          + "Subject:   Hello   there\t\r\n"
          + "Date: Sun, 29 Nov 2026 10:00:00 +0000\r\n"
          + "Message-ID: <1@example.test>\r\n"
          + "MIME-Version: 1.0\r\n"
          + "Content-Type: text/plain; charset=utf-8\r\n"
          + "X-Not-Signed: anything\r\n"
          + "\r\n"
          + "Hello Bob,  \r\n"
          + "\r\n"
          + "a line\twith  whitespace   \r\n"
          + "\r\n"
          + "\r\n";

  byte[] signed(String message) throws Exception {
    return signer
        .sign(RawMessage.of(message.getBytes(StandardCharsets.ISO_8859_1)), Instant.now())
        .bytes();
  }

  @Test
  void aSignedMessagePassesTheIndependentVerifierAndOurs() throws Exception {
    byte[] m = signed(PLAIN);
    assertThat(new String(m, StandardCharsets.US_ASCII))
        .startsWith("DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d=example.test; s=pr1;")
        .contains(
            "h=from:to:cc:subject:date:message-id:mime-version:content-type"
                + ":from:reply-to:to:cc:subject:date;");
    assertThat(IndependentDkimVerifier.verify(m, dns)).isEqualTo("pass");
    assertThat(new DkimVerifier(resolver).verify(RawMessage.of(m), Instant.now()))
        .extracting(DkimVerifier.Result::status, DkimVerifier.Result::domain)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(Status.PASS, DOMAIN));
  }

  @Test
  void messagesOfEveryShapeVerify() throws Exception {
    List<String> shapes = new ArrayList<>();
    shapes.add(PLAIN.replace("\r\n", "\n")); // bare LF, as a browser may submit it
    shapes.add("From: a@example.test\r\nSubject: empty body\r\n\r\n");
    shapes.add("From: a@example.test\r\nSubject: no blank line\r\n");
    shapes.add("From: a@example.test\r\nSubject: no final newline\r\n\r\nlast line");
    shapes.add(
        "From: a@example.test\r\nSubject: =?utf-8?q?Gr=C3=BC=C3=9Fe?=\r\nContent-Type: text/plain;"
            + " charset=iso-8859-1\r\nContent-Transfer-Encoding: 8bit\r\n\r\nGr\u00fc\u00dfe \u00e0"
            + " tous\r\n");
    shapes.add(
        "Received: from x\r\nFrom: a@example.test\r\nTo: b@remote.test\r\nTo: c@remote.test\r\n"
            + "Subject: two To fields\r\n\r\nbody\r\n");
    StringBuilder big = new StringBuilder("From: a@example.test\r\nSubject: big\r\n\r\n");
    for (int i = 0; i < 20000; i++) {
      big.append("line ").append(i).append(" of a message larger than one buffer   \r\n");
    }
    shapes.add(big.toString());
    for (String s : shapes) {
      byte[] m = signed(s);
      assertThat(IndependentDkimVerifier.verify(m, dns))
          .as(s.substring(0, Math.min(40, s.length())))
          .isEqualTo("pass");
      assertThat(new DkimVerifier(resolver).verify(RawMessage.of(m), Instant.now()).get(0).status())
          .as(s.substring(0, Math.min(40, s.length())))
          .isEqualTo(Status.PASS);
    }
  }

  @Test
  void aReplysReplyToAndThreadFieldsAreSignedAndCannotBeChanged() throws Exception {
    String reply =
        PLAIN.replace(
            "X-Not-Signed: anything\r\n",
            "Reply-To: team@example.test\r\nIn-Reply-To: <0@remote.test>\r\n"
                + "References: <0@remote.test>\r\n");
    String m = new String(signed(reply), StandardCharsets.ISO_8859_1);
    assertThat(m)
        .contains(
            "h=from:reply-to:to:cc:subject:date:message-id:mime-version:content-type"
                + ":in-reply-to:references:from:reply-to:to:cc:subject:date;");
    assertThat(IndependentDkimVerifier.verify(m.getBytes(StandardCharsets.ISO_8859_1), dns))
        .isEqualTo("pass");
    for (String t :
        List.of(
            m.replace("Reply-To: team@example.test", "Reply-To: m@evil.test"),
            m.replace("References: <0@remote.test>", "References: <9@evil.test>"),
            m.replace("In-Reply-To: <0@remote.test>", "In-Reply-To: <9@evil.test>"))) {
      assertThat(IndependentDkimVerifier.verify(t.getBytes(StandardCharsets.ISO_8859_1), dns))
          .startsWith("fail");
    }
  }

  @Test
  void aLargeSpooledMessageIsSignedWithoutChange(@TempDir Path tmp) throws Exception {
    Path f = tmp.resolve("m.eml");
    StringBuilder sb = new StringBuilder(PLAIN);
    for (int i = 0; i < 100000; i++) {
      sb.append("spooled line ").append(i).append("\r\n");
    }
    Files.writeString(f, sb, StandardCharsets.US_ASCII);
    RawMessage raw = RawMessage.of(f);
    byte[] m = signer.sign(raw, Instant.now()).bytes();
    assertThat(new String(m, StandardCharsets.US_ASCII)).endsWith(sb.toString());
    assertThat(IndependentDkimVerifier.verify(m, dns)).isEqualTo("pass");
  }

  @Test
  void tamperingIsCaughtByBothVerifiers() throws Exception {
    String m = new String(signed(PLAIN), StandardCharsets.ISO_8859_1);
    List<String> tampered =
        List.of(
            m.replace("Hello Bob", "Hello Eve"), // body
            m.replace("Subject:   Hello", "Subject:   Hullo"), // signed header
            m.replace("From: Alice", "From: Mallory <m@evil.test>\r\nFrom: Alice"), // added From
            // fields a replayed message could gain: each is over-signed, even when it was absent
            m.replace("X-Not-Signed: anything", "Reply-To: m@evil.test\r\nX-Not-Signed: anything"),
            m.replace("X-Not-Signed: anything", "Cc: m@evil.test\r\nX-Not-Signed: anything"),
            m.replace("X-Not-Signed: anything", "To: m@evil.test\r\nX-Not-Signed: anything"),
            m.replace("X-Not-Signed: anything", "Subject: Urgent\r\nX-Not-Signed: anything"),
            m.replace(
                "X-Not-Signed: anything",
                "Date: Mon, 1 Jan 2024 00:00:00 +0000\r\nX-Not-Signed: anything"));
    for (String t : tampered) {
      byte[] b = t.getBytes(StandardCharsets.ISO_8859_1);
      assertThat(IndependentDkimVerifier.verify(b, dns)).startsWith("fail");
      assertThat(new DkimVerifier(resolver).verify(RawMessage.of(b), Instant.now()).get(0).status())
          .isEqualTo(Status.FAIL);
    }
    // headers that are not signed may change or be added (a Received, a list's footer header),
    // and relaxed canonicalisation forgives re-folding
    String refolded =
        m.replace("X-Not-Signed: anything", "X-Not-Signed: changed\r\nX-Added: in transit")
            .replace("Subject:   Hello   there\t", "Subject: Hello\r\n there")
            .replace("To: bob@remote.test,\r\n  carol", "To: bob@remote.test, carol");
    byte[] b = refolded.getBytes(StandardCharsets.ISO_8859_1);
    assertThat(IndependentDkimVerifier.verify(b, dns)).isEqualTo("pass");
    assertThat(new DkimVerifier(resolver).verify(RawMessage.of(b), Instant.now()).get(0).status())
        .isEqualTo(Status.PASS);
  }

  @Test
  void aKeyThatIsNotPublishedOrIsRevokedOrUnreachableDoesNotPass() throws Exception {
    DkimKeyFiles other = new DkimKeyFiles(keys);
    other.generate("unpublished");
    byte[] m =
        new DkimSigner(DOMAIN, "unpublished", other.privateKey("unpublished"))
            .sign(RawMessage.of(PLAIN.getBytes(StandardCharsets.US_ASCII)), Instant.now())
            .bytes();
    assertThat(new DkimVerifier(resolver).verify(RawMessage.of(m), Instant.now()).get(0))
        .extracting(DkimVerifier.Result::status, DkimVerifier.Result::reason)
        .containsExactly(Status.PERMERROR, "no key at unpublished._domainkey.example.test");
    assertThat(
            new DkimVerifier(LoopbackDns.dead())
                .verify(RawMessage.of(signed(PLAIN)), Instant.now())
                .get(0)
                .status())
        .isEqualTo(Status.TEMPERROR);
  }

  @Test
  void theVerifierReadsSimpleCanonicalisationAndRefusesSha1() throws Exception {
    // a signature made by python3-dkim (simple/simple) with our key verifies with our verifier
    String pem = Files.readString(keys.resolve("pr1.key"));
    Path key = keys.resolve("py.pem");
    Files.writeString(key, pem);
    Process p =
        new ProcessBuilder(
                "/usr/bin/python3",
                "-c",
                "import sys,dkim; m=sys.stdin.buffer.read(); k=open(sys.argv[1],'rb').read();"
                    + " sys.stdout.buffer.write(dkim.sign(m,b'pr1',b'example.test',k,"
                    + "canonicalize=(b'simple',b'simple'),include_headers=[b'from',b'subject'])+m)",
                key.toString())
            .start();
    try (var in = p.getOutputStream()) {
      in.write(PLAIN.getBytes(StandardCharsets.US_ASCII));
    }
    byte[] m = p.getInputStream().readAllBytes();
    assertThat(p.waitFor()).isZero();
    assertThat(new String(m, StandardCharsets.US_ASCII)).contains("c=simple/simple");
    assertThat(new DkimVerifier(resolver).verify(RawMessage.of(m), Instant.now()).get(0).status())
        .isEqualTo(Status.PASS);
    String sha1 = new String(m, StandardCharsets.US_ASCII).replace("a=rsa-sha256", "a=rsa-sha1");
    assertThat(
            new DkimVerifier(resolver)
                .verify(RawMessage.of(sha1.getBytes(StandardCharsets.US_ASCII)), Instant.now())
                .get(0)
                .status())
        .isEqualTo(Status.PERMERROR);
  }
}
