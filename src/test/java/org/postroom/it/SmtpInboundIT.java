package org.postroom.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.postroom.testsupport.Browser;
import org.postroom.testsupport.Peers;
import org.postroom.testsupport.PostroomServer;
import org.postroom.testsupport.Processes;
import org.postroom.testsupport.SmtpClient;

/**
 * Postroom's MX and submission ports against the shipped jar, as clients meet them: scripted
 * raw-socket conversations for every rule (relay, routing tricks, smuggling, STARTTLS, limits,
 * AUTH), Debian's Postfix delivering into the MX, and swaks submitting. Users: alice, bob, carol,
 * eve, dave (disabled); team@ is an alias of alice and bob.
 */
class SmtpInboundIT {
  static final String D = "@" + PostroomServer.DOMAIN;
  static final String ALICE = "alice" + D;
  static final String BOB = "bob" + D;
  static final String CAROL = "carol" + D;
  static final String EVE = "eve" + D;
  static final String DAVE = "dave" + D;
  static final String TEAM = "team" + D;
  static final String PASSWORD = "smtp-in-password-1";
  static final AtomicInteger SEQ = new AtomicInteger();

  static PostroomServer server;
  static Peers peers;

  @BeforeAll
  static void start() {
    PostroomServer.Builder b = PostroomServer.builder("smtp-in");
    peers = b.startPeers("smtp-in");
    server = b.start();
    for (String u : List.of(ALICE, BOB, CAROL, EVE, DAVE)) {
      server.createUser(u, PASSWORD, u.substring(0, u.indexOf('@')));
    }
    ok(server.asAdmin("PATCH", "/api/admin/users/" + DAVE, "{\"enabled\":false}").statusCode());
    ok(
        server
            .asAdmin(
                "POST",
                "/api/admin/aliases",
                "{\"address\":\"" + TEAM + "\",\"targets\":[\"" + ALICE + "\",\"" + BOB + "\"]}")
            .statusCode());
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.stop();
    }
    if (peers != null) {
      peers.close();
    }
  }

  static void ok(int status) {
    assertThat(status).isBetween(200, 299);
  }

  static String unique(String what) {
    return what + "-" + System.nanoTime() + "-" + SEQ.incrementAndGet() + "@it.test";
  }

  static Map<String, Long> used(String... addresses) {
    Map<String, Long> m = new java.util.HashMap<>();
    for (String a : addresses) {
      m.put(a, server.usedBytes(a));
    }
    return m;
  }

  static long grew(Map<String, Long> before, String address) {
    return server.usedBytes(address) - before.get(address);
  }

  static SmtpClient mx() {
    return SmtpClient.connect(server.smtpPort());
  }

  /** Submission over STARTTLS, signed in. */
  static SmtpClient submission(String user) {
    SmtpClient c = SmtpClient.connect(server.submissionPort());
    c.script("C: EHLO laptop.test", "S: 250").startTls();
    c.script("C: EHLO laptop.test", "S: 250");
    assertThat(c.authPlain(user, PASSWORD)).startsWith("235 2.7.0");
    return c;
  }

  static void setCatchAll(String address) {
    ok(
        server
            .asAdmin(
                "PUT",
                "/api/admin/catch-all",
                "{\"address\":" + (address == null ? "null" : "\"" + address + "\"") + "}")
            .statusCode());
  }

  /** Waits (bounded) until the condition holds. */
  static void await(String what, Supplier<Boolean> condition, int seconds) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (!condition.get()) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("not within " + seconds + " s: " + what);
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AssertionError(e);
      }
    }
  }

  // ---- the MX

  @Test
  void theMxOffersSizeStarttlsAndPipeliningButNeitherChunkingSmtputf8NorAuth() {
    try (SmtpClient c = mx()) {
      String ehlo = c.command("EHLO client.test");
      assertThat(ehlo)
          .startsWith("250-mail.example.test")
          .contains(
              "250-PIPELINING", "SIZE 26214400", "8BITMIME", "ENHANCEDSTATUSCODES", "STARTTLS")
          .doesNotContain("CHUNKING", "SMTPUTF8", "AUTH");
      c.script("C: AUTH PLAIN AGFsaWNlAHg=", "S: 503 5.5.1", "C: VRFY alice", "S: 252 2.5.0");
      // a BDAT chunk's bytes must never be read as commands: refused, and the connection ends
      c.script("C: MAIL FROM:<a@remote.test>", "S: 250", "C: RCPT TO:<" + ALICE + ">", "S: 250");
      c.send("BDAT 12 LAST\r\nQUIT\r\nRSET\r\n");
      c.expect("502 5.5.1");
      assertThat(c.isClosedByServer()).isTrue();
    }
  }

  @Test
  void theMxDeliversToAccountsAliasesAndPostmasterAndRefusesUnknownAddressesAtRcpt() {
    String id = unique("aliases");
    Map<String, Long> before = used(ALICE, BOB, CAROL, PostroomServer.ADMIN);
    try (SmtpClient c = mx()) {
      c.script(
          "C: EHLO client.test",
          "S: 250",
          "C: MAIL FROM:<sender@remote.test>",
          "S: 250 2.1.0",
          "C: RCPT TO:<" + ALICE + ">",
          "S: 250 2.1.5",
          "C: RCPT TO:<TEAM@Example.Test>",
          "S: 250 2.1.5",
          "C: RCPT TO:<Postmaster>",
          "S: 250 2.1.5",
          "C: RCPT TO:<nobody" + D + ">",
          "S: 550 5.1.1",
          "C: DATA",
          "S: 354");
      c.send(SmtpClient.message(id, "to alice, team and postmaster") + ".\r\n");
      String reply = c.expect("250 2.0.0 Ok: queued as ");
      String mailId = reply.substring(reply.lastIndexOf(' ') + 1);
      long alice = grew(before, ALICE);
      assertThat(alice).as("one copy for alice, named twice (directly and via team@)").isPositive();
      assertThat(grew(before, BOB)).isEqualTo(alice);
      assertThat(grew(before, PostroomServer.ADMIN)).isEqualTo(alice);
      assertThat(grew(before, CAROL)).isZero();
      String log = server.mailLog(mailId);
      assertThat(log)
          .contains(
              "\"to\":\"" + ALICE + "\"", "\"to\":\"" + TEAM + "\"", "\"to\":\"postmaster" + D)
          .contains(id, "\"client\":\"127.0.0.1\"", "queued as " + mailId);
      assertThat(server.mailLog("nobody" + D)).contains("550 5.1.1");
    }
  }

  /** The classic open-relay tricks, on the MX and on submission: refused before any lookup. */
  @Test
  void routingTricksAndRelayingAreRefusedWith554OnEveryPortBeforeAnyLookup() {
    List<String> tricks =
        List.of(
            "carol%remote.test" + D,
            "@example.test:carol@remote.test",
            "\"carol@remote.test\"" + D,
            "remote.test!carol" + D,
            CAROL + ".",
            "carol@[127.0.0.2]",
            "carol",
            "carol@remote.test" + D);
    Map<String, Long> before = used(CAROL);
    setCatchAll(CAROL); // were any trick resolved like a local address, carol would get it
    try {
      for (Supplier<SmtpClient> port :
          List.<Supplier<SmtpClient>>of(SmtpInboundIT::mx, () -> submission(ALICE))) {
        try (SmtpClient c = port.get()) {
          c.script("C: EHLO client.test", "S: 250", "C: MAIL FROM:<" + ALICE + ">", "S: 250");
          for (String t : tricks) {
            c.script("C: RCPT TO:<" + t + ">", "S: 554 5.7.1");
          }
          c.script("C: DATA", "S: 554 5.5.1");
        }
      }
      try (SmtpClient c = mx()) {
        c.script(
            "C: EHLO client.test",
            "S: 250",
            "C: MAIL FROM:<" + ALICE + ">",
            "S: 250",
            "C: RCPT TO:<carol@remote.test>",
            "S: 554 5.7.1 Relay access denied",
            "C: DATA",
            "S: 554 5.5.1");
      }
    } finally {
      setCatchAll(null);
    }
    assertThat(grew(before, CAROL)).isZero();
    assertThat(server.mailLog("carol%remote.test"))
        .contains("554 5.7.1")
        .doesNotContain("\"code\":250");
    // nothing may leave for the peer domain (this guards the relay queue once it exists)
    assertThat(peers.postfix().messagesFor("carol@remote.test")).isEmpty();
  }

  @Test
  void theCatchAllTakesUnknownLocalAddresses() {
    Map<String, Long> before = used(CAROL);
    setCatchAll(CAROL);
    try (SmtpClient c = mx()) {
      c.script("C: EHLO client.test", "S: 250");
      assertThat(
              c.sendMail(
                  "sender@remote.test",
                  List.of("whoever" + D),
                  SmtpClient.message(unique("catchall"), "catch me")))
          .startsWith("250 2.0.0");
    } finally {
      setCatchAll(null);
    }
    assertThat(grew(before, CAROL)).isPositive();
    try (SmtpClient c = mx()) {
      c.script("C: EHLO client.test", "S: 250", "C: MAIL FROM:<a@remote.test>", "S: 250");
      c.script("C: RCPT TO:<whoever" + D + ">", "S: 550 5.1.1");
    }
  }

  // ---- smuggling and strict line endings

  /** EHLO, a sender, alice as the recipient, DATA: the server waits for the message. */
  static void startData(SmtpClient c) {
    c.script(
        "C: EHLO client.test",
        "S: 250",
        "C: MAIL FROM:<sender@remote.test>",
        "S: 250",
        "C: RCPT TO:<" + ALICE + ">",
        "S: 250",
        "C: DATA",
        "S: 354");
  }

  /**
   * Every end-of-data look-alike: the data must neither end there nor let a second transaction
   * start; the message is refused, nothing is stored, and the connection closes.
   */
  @ParameterizedTest
  @ValueSource(strings = {"\n.\n", "\r.\r", "\n.\r\n", "\r\n.\n", "\r.\r\n", "\n.", "\r\n.\r"})
  void smuggledEndsOfDataNeitherEndTheDataNorStartASecondMessage(String fakeEnd) {
    String id = unique("outer");
    String smuggled = unique("smuggled");
    Map<String, Long> before = used(ALICE, BOB);
    try (SmtpClient c = mx()) {
      startData(c);
      c.send(
          SmtpClient.message(id, "outer")
              + "text"
              + fakeEnd
              + "MAIL FROM:<spoofed@remote.test>\r\nRCPT TO:<"
              + BOB
              + ">\r\nDATA\r\n"
              + SmtpClient.message(smuggled, "smuggled")
              + ".\r\n");
      c.expect("554 5.5.2");
      assertThat(c.isClosedByServer()).isTrue();
      assertThat(c.replies()).noneMatch(r -> r.startsWith("250 2.0.0"));
      assertThat(c.replies().stream().filter(r -> r.startsWith("354"))).hasSize(1);
    }
    assertThat(grew(before, ALICE)).isZero();
    assertThat(grew(before, BOB)).isZero();
    assertThat(server.mailLog(id)).contains("554 5.5.2").doesNotContain("\"code\":250");
    assertThat(server.mailLog(smuggled)).isEqualTo("[]");
  }

  @Test
  void aBareLineFeedAnywhereInTheDataRefusesTheMessage() {
    for (String body : List.of("Subject: x\nHello\r\n", "Subject: x\r\n\r\nHello\rworld\r\n")) {
      try (SmtpClient c = mx()) {
        startData(c);
        c.send(body + ".\r\n");
        c.expect("554 5.5.2");
        assertThat(c.isClosedByServer()).isTrue();
      }
    }
  }

  // ---- STARTTLS

  @Test
  void commandsPipelinedBehindStarttlsCloseTheConnection() {
    try (SmtpClient c = mx()) {
      c.script("C: EHLO client.test", "S: 250");
      c.send("STARTTLS\r\nMAIL FROM:<spoofed@remote.test>\r\nRCPT TO:<" + ALICE + ">\r\n");
      c.expect("554 5.5.1");
      assertThat(c.isClosedByServer()).isTrue();
    }
  }

  @Test
  void afterStarttlsNothingSaidBeforeCounts() {
    try (SmtpClient c = mx()) {
      c.script("C: EHLO client.test", "S: 250", "C: MAIL FROM:<a@remote.test>", "S: 250");
      c.startTls();
      c.script(
          "C: RCPT TO:<" + ALICE + ">",
          "S: 503 5.5.1",
          "C: MAIL FROM:<a@remote.test>",
          "S: 503 5.5.1 Send EHLO first");
      String ehlo = c.command("EHLO client.test");
      assertThat(ehlo).doesNotContain("STARTTLS");
      c.script("C: STARTTLS", "S: 503 5.5.1 TLS already active");
      assertThat(
              c.sendMail("a@remote.test", List.of(ALICE), SmtpClient.message(unique("tls"), "tls")))
          .startsWith("250 2.0.0");
    }
  }

  // ---- limits

  @Test
  void anOversizedMessageIsRefusedWhileStreamingAndTheSessionGoesOn() {
    Map<String, Long> before = used(ALICE);
    try (SmtpClient c = mx()) {
      c.script(
          "C: EHLO client.test",
          "S: 250",
          "C: MAIL FROM:<a@remote.test> SIZE=26214401",
          "S: 552 5.3.4",
          "C: MAIL FROM:<a@remote.test> SIZE=1000",
          "S: 250",
          "C: RCPT TO:<" + ALICE + ">",
          "S: 250",
          "C: DATA",
          "S: 354");
      c.send("Subject: big\r\n\r\n");
      byte[] chunk = ("x".repeat(998) + "\r\n").repeat(64).getBytes(StandardCharsets.US_ASCII);
      for (long sent = 0; sent < 27L << 20; sent += chunk.length) {
        c.send(chunk);
      }
      c.send(".\r\n");
      c.expect("552 5.3.4");
      assertThat(
              c.sendMail(
                  "a@remote.test", List.of(ALICE), SmtpClient.message(unique("after"), "ok")))
          .startsWith("250 2.0.0");
    }
    long grown = grew(before, ALICE);
    assertThat(grown).isPositive().isLessThan(10_000); // only the small message after it
  }

  @Test
  void recipientsAreCappedAtAHundredPerMessage() {
    try (SmtpClient c = submission(ALICE)) {
      c.script("C: MAIL FROM:<" + ALICE + ">", "S: 250");
      for (int i = 1; i <= 100; i++) {
        c.script("C: RCPT TO:<r" + i + "@remote.test>", "S: 250");
      }
      c.script("C: RCPT TO:<" + ALICE + ">", "S: 452 4.5.3", "C: RSET", "S: 250");
    }
  }

  @Test
  void tooManyReceivedFieldsAreAMailLoopAndLongLinesAreRefused() {
    try (SmtpClient c = mx()) {
      c.script("C: EHLO client.test", "S: 250");
      String hops = "Received: from a by b; Mon, 30 Nov 2026 10:00:00 +0000\r\n";
      String fifty = hops.repeat(50) + SmtpClient.message(unique("hops"), "50 hops");
      assertThat(c.sendMail("a@remote.test", List.of(ALICE), fifty)).startsWith("250 2.0.0");
      String fiftyOne = hops.repeat(51) + SmtpClient.message(unique("loop"), "51 hops");
      assertThat(c.sendMail("a@remote.test", List.of(ALICE), fiftyOne)).startsWith("554 5.4.6");
      String longest = SmtpClient.message(unique("998"), "998") + "y".repeat(998) + "\r\n";
      assertThat(c.sendMail("a@remote.test", List.of(ALICE), longest)).startsWith("250 2.0.0");
      String tooLong = SmtpClient.message(unique("999"), "999") + "y".repeat(999) + "\r\n";
      assertThat(c.sendMail("a@remote.test", List.of(ALICE), tooLong)).startsWith("554 5.6.0");
      // a line of 998 characters that starts with a dot is 999 on the wire (stuffed): still fine
      String stuffed = SmtpClient.message(unique("stuffed"), "s") + ".." + "z".repeat(997) + "\r\n";
      assertThat(c.sendMail("a@remote.test", List.of(ALICE), stuffed)).startsWith("250 2.0.0");
    }
  }

  /** Twenty at a time from one address (the default), the 21st waits; other addresses do not. */
  @Test
  void connectionsPerClientAddressAreCapped() {
    List<SmtpClient> open = new ArrayList<>();
    try {
      for (int i = 0; i < 20; i++) {
        open.add(SmtpClient.connect("127.0.0.5", "127.0.0.1", server.smtpPort(), false));
      }
      assertThat(open.get(19).replies()).first().asString().startsWith("220 ");
      try (SmtpClient extra =
          SmtpClient.connect("127.0.0.5", "127.0.0.1", server.smtpPort(), false)) {
        assertThat(extra.replies()).first().asString().startsWith("421 4.7.0");
      }
      try (SmtpClient other = mx()) {
        other.script("C: NOOP", "S: 250");
      }
      try (SmtpClient first = open.remove(0)) {
        first.script("C: QUIT", "S: 221");
      }
      try (SmtpClient again =
          SmtpClient.connect("127.0.0.5", "127.0.0.1", server.smtpPort(), false)) {
        again.script("C: EHLO client.test", "S: 250");
      }
    } finally {
      open.forEach(SmtpClient::close);
    }
  }

  @Test
  void anIdleClientIsDisconnectedAfterTheIdleTimeout() {
    server.setSetting("postroom.smtp.idle-timeout", "2s");
    try (SmtpClient c = mx()) {
      c.setTimeout(20_000);
      c.script("C: EHLO client.test", "S: 250");
      long t0 = System.nanoTime();
      assertThat(c.reply()).startsWith("421");
      assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0)).isBetween(1500L, 15_000L);
      assertThat(c.isClosedByServer()).isTrue();
    } finally {
      server.setSetting("postroom.smtp.idle-timeout", "300s");
    }
  }

  @Test
  void aNearlyFullDiskIsATemporaryFailureNotAnAcceptance() throws InterruptedException {
    server.setSetting("postroom.smtp.min-free-disk", "1000000GiB");
    try {
      Thread.sleep(1500); // the free space is looked at once a second
      try (SmtpClient c = mx()) {
        c.script("C: EHLO client.test", "S: 250", "C: MAIL FROM:<a@remote.test>", "S: 452 4.3.1");
      }
    } finally {
      server.setSetting("postroom.smtp.min-free-disk", "1GiB");
    }
    Thread.sleep(1500);
    try (SmtpClient c = mx()) {
      c.script("C: EHLO client.test", "S: 250", "C: MAIL FROM:<a@remote.test>", "S: 250");
    }
  }

  // ---- submission and AUTH

  @Test
  void authIsOfferedOnlyInsideTlsAndRequiredBeforeMail() {
    try (SmtpClient c = SmtpClient.connect(server.submissionPort())) {
      assertThat(c.command("EHLO laptop.test")).contains("STARTTLS").doesNotContain("AUTH");
      c.script(
          "C: AUTH PLAIN AGFsaWNlQGV4YW1wbGUudGVzdAB4",
          "S: 538 5.7.11",
          "C: MAIL FROM:<" + ALICE + ">",
          "S: 538 5.7.11");
      c.startTls();
      assertThat(c.command("EHLO laptop.test")).contains("AUTH PLAIN LOGIN");
      c.script("C: MAIL FROM:<" + ALICE + ">", "S: 530 5.7.0");
    }
    try (SmtpClient c =
        SmtpClient.connect("127.0.0.1", "127.0.0.1", server.submissionsPort(), true)) {
      assertThat(c.command("EHLO laptop.test"))
          .contains("AUTH PLAIN LOGIN")
          .doesNotContain("STARTTLS");
    }
  }

  @Test
  void unknownUsersWrongPasswordsAndDisabledAccountsGetTheSameAnswer() {
    try (SmtpClient c = SmtpClient.connect(server.submissionPort())) {
      c.script("C: EHLO laptop.test", "S: 250").startTls();
      c.script("C: EHLO laptop.test", "S: 250");
      String unknown = c.authPlain("nobody" + D, PASSWORD);
      String wrong = c.authPlain(CAROL, "not-the-password");
      String disabled = c.authPlain(DAVE, PASSWORD);
      assertThat(unknown).startsWith("535 5.7.8").isEqualTo(wrong).isEqualTo(disabled);
    }
  }

  /** Ten failures a minute from one address; then even the right password waits. */
  @Test
  void authFailuresAreThrottledPerClientAddress() {
    try (SmtpClient c =
        SmtpClient.connect("127.0.0.6", "127.0.0.1", server.submissionPort(), false)) {
      c.script("C: EHLO laptop.test", "S: 250").startTls();
      c.script("C: EHLO laptop.test", "S: 250");
      for (int i = 0; i < 10; i++) {
        String user = i % 2 == 0 ? "guess" + i + D : EVE;
        assertThat(c.authPlain(user, "wrong-" + i)).startsWith("535 5.7.8");
      }
      assertThat(c.authPlain(EVE, PASSWORD)).startsWith("454 4.7.0");
    }
    try (SmtpClient c = submission(EVE)) {
      c.script("C: QUIT", "S: 221");
    }
  }

  @Test
  void swaksSubmitsOverStarttlsAndImplicitTlsWithAuth() {
    Map<String, Long> before = used(BOB, ALICE);
    String id1 = unique("swaks-starttls");
    Processes.Result r1 =
        swaks(
            "--server",
            "127.0.0.1:" + server.submissionPort(),
            "--tls",
            "--auth",
            "PLAIN",
            "--auth-user",
            ALICE,
            "--auth-password",
            PASSWORD,
            "--from",
            ALICE,
            "--to",
            BOB,
            "--header",
            "Message-Id: <" + id1 + ">",
            "--header",
            "Subject: swaks starttls");
    assertThat(r1.exit()).as(r1.output()).isZero();
    assertThat(r1.output()).contains("235 2.7.0", "250 2.0.0 Ok: queued as");
    String id2 = unique("swaks-465");
    Processes.Result r2 =
        swaks(
            "--server",
            "127.0.0.1:" + server.submissionsPort(),
            "--tlsc",
            "--auth",
            "LOGIN",
            "--auth-user",
            "alice",
            "--auth-password",
            PASSWORD,
            "--from",
            TEAM,
            "--to",
            TEAM,
            "--header",
            "Message-Id: <" + id2 + ">");
    assertThat(r2.exit()).as(r2.output()).isZero();
    assertThat(grew(before, BOB)).isPositive();
    assertThat(grew(before, ALICE)).isPositive();
    assertThat(server.mailLog(id1))
        .contains("\"user\":\"" + ALICE + "\"", "\"channel\":\"submission\"");
    assertThat(server.mailLog(id2)).contains("\"channel\":\"submissions\"");
  }

  @Test
  void swaksWithoutAuthIsRefused() {
    Processes.Result plain =
        swaks("--server", "127.0.0.1:" + server.submissionPort(), "--from", ALICE, "--to", BOB);
    assertThat(plain.exit()).isNotZero();
    assertThat(plain.output()).contains("538 5.7.11");
    Processes.Result tls =
        swaks(
            "--server",
            "127.0.0.1:" + server.submissionPort(),
            "--tls",
            "--from",
            ALICE,
            "--to",
            BOB);
    assertThat(tls.exit()).isNotZero();
    assertThat(tls.output()).contains("530 5.7.0");
  }

  @Test
  void theSenderAndTheFromHeaderMustBeTheUsersOwn() {
    try (SmtpClient c = submission(ALICE)) {
      c.script(
          "C: MAIL FROM:<" + BOB + ">",
          "S: 553 5.7.1",
          "C: MAIL FROM:<>",
          "S: 553 5.7.1",
          "C: MAIL FROM:<alice@remote.test>",
          "S: 553 5.7.1");
      String forged = "From: Bob <" + BOB + ">\r\nSubject: forged\r\n\r\nhi\r\n";
      assertThat(c.sendMail(TEAM, List.of(CAROL), forged)).startsWith("553 5.7.1");
      String mixed = "From: " + ALICE + ", " + BOB + "\r\nSubject: mixed\r\n\r\nhi\r\n";
      assertThat(c.sendMail(ALICE, List.of(CAROL), mixed)).startsWith("553 5.7.1");
      String alias = "From: The Team <" + TEAM + ">\r\nSubject: ok\r\n\r\nhi\r\n";
      assertThat(c.sendMail(TEAM, List.of(CAROL), alias)).startsWith("250 2.0.0");
    }
  }

  @Test
  void submittedMailWithoutDateOrMessageIdGetsThem() {
    try (SmtpClient c = submission(ALICE)) {
      String reply = c.sendMail(ALICE, List.of(CAROL), "Subject: bare\r\n\r\nhi\r\n");
      assertThat(reply).startsWith("250 2.0.0");
      String mailId = reply.substring(reply.lastIndexOf(' ') + 1);
      assertThat(server.mailLog(mailId))
          .containsPattern("\"messageId\":\"<[0-9a-z.]+@mail\\.example\\.test>\"");
    }
  }

  /** Until the relay exists a remote recipient is a clear temporary failure; after, it arrives. */
  @Test
  void aRemoteRecipientIsNeverDroppedSilently() {
    String id = unique("remote");
    try (SmtpClient c = submission(ALICE)) {
      String reply =
          c.sendMail(
              ALICE,
              List.of("bob@remote.test"),
              SmtpClient.message(id, "to the peer").replace("sender@remote.test", ALICE));
      if (reply.startsWith("250")) {
        peers.postfix().awaitMessage("bob@remote.test", m -> m.contains(id), 120);
      } else {
        assertThat(reply).startsWith("451 4.4.0");
      }
    }
  }

  // ---- real peers

  /**
   * Debian's Postfix relays the domain into Postroom's MX (transport map): mail lands in the right
   * mailboxes, and an unknown address is refused at RCPT, so Postfix, not Postroom, bounces it.
   */
  @Test
  void postfixDeliversIntoTheMxAndBouncesWhatRcptRefused() {
    String id = unique("postfix");
    Map<String, Long> before = used(ALICE, BOB, CAROL);
    try (SmtpClient c =
        SmtpClient.connect("127.0.0.1", Peers.PEER_IP, peers.postfix().injectPort(), false)) {
      c.script("C: EHLO client.test", "S: 250");
      assertThat(
              c.sendMail(
                  "someone@remote.test",
                  List.of(ALICE, TEAM, "nobody-here" + D),
                  SmtpClient.message(id, "via postfix")))
          .startsWith("250");
    }
    await(
        "Postfix delivered into Postroom",
        () -> server.mailLog(id).contains("\"to\":\"" + TEAM + "\""),
        120);
    String log = server.mailLog(id);
    assertThat(log)
        .contains("\"client\":\"127.0.0.2\"", "\"helo\":\"mx.remote.test\"", "queued as");
    assertThat(grew(before, ALICE)).isPositive();
    assertThat(grew(before, BOB)).isPositive();
    assertThat(grew(before, CAROL)).isZero();
    String bounce =
        peers
            .postfix()
            .awaitMessage(
                "catchall@remote.test", m -> m.contains(id) && m.contains("nobody-here"), 120);
    assertThat(bounce).contains("550 5.1.1");
  }

  /** The admin page: search by recipient, see the id the sender was given and the reply. */
  @Test
  void anAdminFindsAMessageOnTheMailLogPage() {
    String reply;
    try (SmtpClient c = mx()) {
      c.script("C: EHLO client.test", "S: 250");
      reply =
          c.sendMail(
              "sender@remote.test", List.of(BOB), SmtpClient.message(unique("page"), "page"));
    }
    String mailId = reply.substring(reply.lastIndexOf(' ') + 1);
    try (Browser b = Browser.open(server.baseUrl())) {
      b.go("/login.xhtml");
      b.type("#login\\:address", PostroomServer.ADMIN)
          .type("#login\\:password", PostroomServer.ADMIN_PASSWORD)
          .submit("#login\\:submit");
      b.go("/admin/mail-log.xhtml");
      b.type("#q", BOB).submit("#search-button");
      assertThat(b.path()).startsWith("/admin/mail-log.xhtml?q=");
      assertThat(b.text("#mail-log tr[data-mail-id='" + mailId + "']"))
          .contains(BOB, "sender@remote.test", "250 2.0.0 Ok: queued as " + mailId);
      b.screenshot("mail-log");
      b.go("/admin/mail-log.xhtml?q=nobody-ever-wrote-here");
      assertThat(b.text("#no-lines")).contains("No lines match");
    }
  }

  /**
   * What is stored: a Received field on every message (with TLS details when Postfix used
   * STARTTLS), Return-Path at delivery, and Date and Message-ID added to submitted mail. Read from
   * the database of the stopped server, then the server starts again.
   */
  @Test
  void storedMessagesCarryTraceFields() {
    String viaPostfix = unique("trace-postfix");
    try (SmtpClient c =
        SmtpClient.connect("127.0.0.1", Peers.PEER_IP, peers.postfix().injectPort(), false)) {
      c.script("C: EHLO client.test", "S: 250");
      c.sendMail("someone@remote.test", List.of(CAROL), SmtpClient.message(viaPostfix, "trace"));
    }
    await("Postfix delivered", () -> server.mailLog(viaPostfix).contains("queued as"), 120);
    String submittedMailId;
    try (SmtpClient c = submission(ALICE)) {
      String reply = c.sendMail(ALICE, List.of(CAROL), "Subject: trace-submitted\r\n\r\nhi\r\n");
      submittedMailId = reply.substring(reply.lastIndexOf(' ') + 1);
    }
    server.stop();
    try {
      String relayed = server.readStore(c -> content(c, "%" + viaPostfix + "%"));
      assertThat(relayed)
          .startsWith(
              "Return-Path: <someone@remote.test>\r\nReceived: from mx.remote.test ([127.0.0.2])\r\n")
          .containsPattern(
              "by mail\\.example\\.test \\(Postroom\\) with ESMTPS id [0-9A-Z]{16}\r\n\t\\(using TLSv1\\.[23] with cipher ")
          .contains("for <" + CAROL + ">; ");
      String submitted = server.readStore(c -> content(c, "%@mail.example.test>", CAROL));
      assertThat(submitted)
          .startsWith(
              "Return-Path: <" + ALICE + ">\r\nReceived: from laptop.test ([127.0.0.1])\r\n")
          .contains("with ESMTPSA id " + submittedMailId)
          .containsPattern(
              "\r\nDate: [A-Z][a-z]{2}, \\d{1,2} [A-Z][a-z]{2} \\d{4} \\d\\d:\\d\\d:\\d\\d \\+0000\r\n")
          .containsPattern("\r\nMessage-ID: <[0-9a-z.]+@mail\\.example\\.test>\r\n")
          .contains("From: <" + ALICE + ">\r\n", "Subject: trace-submitted\r\n");
    } finally {
      server.startAgain();
    }
  }

  private static String content(java.sql.Connection c, String messageIdLike)
      throws java.sql.SQLException {
    return content(c, messageIdLike, "%");
  }

  /** The newest stored copy with such a Message-ID in the mailbox of an account like this. */
  private static String content(java.sql.Connection c, String messageIdLike, String accountLike)
      throws java.sql.SQLException {
    try (var ps =
        c.prepareStatement(
            "select b.content from message m join message_blob b on b.id = m.blob_id"
                + " join account a on a.id = m.account_id"
                + " where m.message_id like ? and a.address like ? order by m.id desc")) {
      ps.setString(1, messageIdLike);
      ps.setString(2, accountLike);
      try (ResultSet rs = ps.executeQuery()) {
        assertThat(rs.next()).as("a stored message with Message-ID like " + messageIdLike).isTrue();
        return new String(rs.getBytes(1), StandardCharsets.ISO_8859_1);
      }
    }
  }

  static Processes.Result swaks(String... args) {
    List<String> cmd =
        new ArrayList<>(List.of("swaks", "--helo", "laptop.test", "--timeout", "30"));
    cmd.addAll(List.of(args));
    return Processes.run(cmd, 120);
  }
}
