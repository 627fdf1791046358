package org.postroom.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.postroom.testsupport.Browser;
import org.postroom.testsupport.Peers;
import org.postroom.testsupport.PostroomServer;
import org.postroom.testsupport.RspamdServer;
import org.postroom.testsupport.SmtpClient;
import org.postroom.testsupport.Submission;
import org.postroom.testsupport.Webmail;

/**
 * The MX's connection and envelope checks against the shipped jar, with the checks on as they ship
 * (sender domain) and dnsmasq serving test blocklists: a listed client refused at RCPT, an error
 * answer that lists nobody, listed sender and HELO domains, a sender domain that does not exist or
 * cannot be looked up, and greylisting against the real Postfix peer, which retries. Content
 * scanning with Debian's rspamd (private configuration, its resolver the test dnsmasq): GTUBE
 * refused after DATA, a message with a spam score under the reject score in Junk with its score,
 * rspamd stopped (accepted and marked, or 451 with the other setting).
 */
class SpamDefenceIT {
  static final String ALICE = "alice@example.test";
  static final String CAROL = "carol@example.test";
  static final String PASSWORD = "spam-password-1";
  static PostroomServer server;
  static Peers peers;
  static RspamdServer rspamd;

  @BeforeAll
  static void start() {
    PostroomServer.Builder b = PostroomServer.builder("spam");
    peers = b.startPeers("spam");
    peers
        .dns()
        .addRecords(
            List.of(
                // a listed client, with the list's explanation
                "host-record=9.0.0.127.bl.test,127.0.0.4",
                "txt-record=9.0.0.127.bl.test,\"Listed for the test: see https://bl.test/9\"",
                // a list that refuses the query (Spamhaus: "public resolver"): nobody is listed
                "host-record=8.0.0.127.bl.test,127.255.255.254",
                // a listed sender domain and HELO name; the sender domain exists
                "mx-host=spammer.test,mx.remote.test,10",
                "host-record=spammer.test.dbl.test,127.0.1.2",
                "host-record=helo.spammer.test.dbl.test,127.0.1.3",
                // a domain with neither MX nor address (it has a TXT record, so it exists)
                "txt-record=nomail.test,\"v=spf1 -all\""));
    server =
        b.env("POSTROOM_SPAM_DNSBL_ZONES", "bl.test=127.0.0.[2..11]")
            .env("POSTROOM_SPAM_RHSBL_ZONES", "dbl.test=127.0.1.[2..99]")
            .env("POSTROOM_SPAM_SENDER_DOMAIN_CHECK", null) // as shipped: on
            .env("POSTROOM_SPAM_GREYLIST_DELAY", "3s")
            .start();
    server.createUser(ALICE, PASSWORD, "Alice");
    server.createUser(CAROL, PASSWORD, "Carol");
    rspamd =
        RspamdServer.start(
            server.dataDir().resolveSibling(server.dataDir().getFileName() + "-rspamd"),
            peers.dns().address());
    server.setSetting("postroom.spam.rspamd.url", rspamd.url());
    server.setSetting("postroom.spam.rspamd.controller", rspamd.controllerUrl());
    server.setSetting("postroom.spam.rspamd.password", RspamdServer.PASSWORD);
  }

  @AfterAll
  static void stop() {
    if (server != null) {
      server.stop();
    }
    if (peers != null) {
      peers.close();
    }
    if (rspamd != null) {
      rspamd.close();
    }
  }

  static String unique(String what) {
    return what + "-" + System.nanoTime();
  }

  @Test
  void aListedClientIsRefusedAtRcptWithTheListsNameAndTheRefusalIsLogged() {
    String sender = unique("listed") + "@remote.test";
    try (SmtpClient c = SmtpClient.connect("127.0.0.9", "127.0.0.1", server.smtpPort(), false)) {
      c.command("EHLO client.test");
      assertThat(c.command("MAIL FROM:<" + sender + ">")).startsWith("250");
      assertThat(c.command("RCPT TO:<" + CAROL + ">"))
          .startsWith("554 5.7.1")
          .contains("client [127.0.0.9] blocked using bl.test")
          .contains("Listed for the test: see https://bl.test/9");
      assertThat(c.command("DATA")).as("no recipient was accepted").startsWith("554");
    }
    assertThat(server.mailLog(sender)).contains(CAROL, "554 5.7.1", "blocked using bl.test");
    assertThat(stored(sender)).as("nothing accepted").isZero();
  }

  @Test
  void aListsErrorAnswerListsNobodyAndIsLogged() {
    String sender = unique("error-answer") + "@remote.test";
    try (SmtpClient c = SmtpClient.connect("127.0.0.8", "127.0.0.1", server.smtpPort(), false)) {
      c.command("EHLO client.test");
      assertThat(c.sendMail(sender, List.of(CAROL), message(sender, "not listed")))
          .startsWith("250");
    }
    assertThat(server.log())
        .contains("bl.test answered 127.255.255.254 for 8.0.0.127.bl.test", "not a listing");
    assertThat(stored(sender)).isEqualTo(1);
  }

  @Test
  void listedSenderAndHeloDomainsAreRefusedAtRcpt() {
    try (SmtpClient c = SmtpClient.connect("127.0.0.1", "127.0.0.1", server.smtpPort(), false)) {
      c.command("EHLO client.test");
      assertThat(c.command("MAIL FROM:<bulk@spammer.test>")).startsWith("250");
      assertThat(c.command("RCPT TO:<" + CAROL + ">"))
          .startsWith("554 5.7.1 Sender address rejected: domain spammer.test listed by dbl.test");
      c.command("RSET");
      c.command("EHLO helo.spammer.test");
      assertThat(c.command("MAIL FROM:<someone@remote.test>")).startsWith("250");
      assertThat(c.command("RCPT TO:<" + CAROL + ">"))
          .startsWith("554 5.7.1 HELO name helo.spammer.test listed by dbl.test");
    }
  }

  @Test
  void aSenderDomainThatDoesNotExistIsRefusedAtMailAndAFailedLookupIsTemporary() {
    try (SmtpClient c = SmtpClient.connect("127.0.0.1", "127.0.0.1", server.smtpPort(), false)) {
      c.command("EHLO client.test");
      assertThat(c.command("MAIL FROM:<someone@does-not-exist.test>"))
          .startsWith(
              "550 5.1.8 Sender address rejected: domain does-not-exist.test does not exist");
      assertThat(c.command("MAIL FROM:<someone@nomail.test>"))
          .startsWith("550 5.1.8")
          .contains("has no mail server and no address");
      assertThat(c.command("MAIL FROM:<>")).as("bounces always go on").startsWith("250");
      c.command("RSET");
      assertThat(c.command("MAIL FROM:<postmaster@example.test>"))
          .as("our own domain is not looked up")
          .startsWith("250");
    }
    assertThat(server.mailLog("does-not-exist.test")).contains("550 5.1.8");
    peers.dns().pause();
    try (SmtpClient c = SmtpClient.connect("127.0.0.1", "127.0.0.1", server.smtpPort(), false)) {
      c.setTimeout(60_000);
      c.command("EHLO client.test");
      assertThat(c.command("MAIL FROM:<someone@later.test>"))
          .startsWith("451 4.4.3")
          .contains("try again later");
    } finally {
      peers.dns().resume();
    }
  }

  @Test
  void greylistingDefersANewSenderUntilPostfixRetriesAndNeverSubmission() throws Exception {
    server.setSetting("postroom.spam.greylist", "true");
    try {
      String sender = unique("grey") + "@remote.test";
      String id = unique("grey") + "@remote.test";
      long start = System.nanoTime();
      inject(sender, CAROL, id);
      await(() -> server.mailLog(id).contains("queued as"), Duration.ofSeconds(120));
      String log = server.mailLog(sender);
      assertThat(log).as("Postfix's first attempt").contains("451 4.7.1", "Greylisted");
      assertThat(Duration.ofNanos(System.nanoTime() - start))
          .as("accepted on a retry after the delay")
          .isGreaterThanOrEqualTo(Duration.ofSeconds(3));
      assertThat(stored(id)).as("stored once").isEqualTo(1);

      // the same sender from the same network passes at once, to anyone
      String second = unique("grey-again") + "@remote.test";
      inject(sender, ALICE, second);
      await(() -> server.mailLog(second).contains("queued as"), Duration.ofSeconds(60));
      assertThat(server.mailLog(ALICE))
          .as("no deferral for a sender that passed before")
          .doesNotContain("Greylisted");

      // a signed-in user's mail is never greylisted
      Submission.Reply r =
          Submission.send(
              server,
              ALICE,
              PASSWORD,
              ALICE,
              List.of(CAROL),
              ("From: <" + ALICE + ">\r\nSubject: not greylisted\r\n\r\nhi\r\n")
                  .getBytes(StandardCharsets.US_ASCII));
      assertThat(r.accepted()).as(r.line()).isTrue();
    } finally {
      server.setSetting("postroom.spam.greylist", "false");
    }
  }

  @Test
  void gtubeIsRefusedAfterDataAtTheMxAndAtSubmissionAndNothingIsStored() {
    String id = unique("gtube") + "@remote.test";
    String gtube =
        "From: <spam@remote.test>\r\nTo: <"
            + CAROL
            + ">\r\nSubject: test\r\nMessage-ID: <"
            + id
            + ">\r\n\r\n"
            + RspamdServer.GTUBE
            + "\r\n";
    try (SmtpClient c = SmtpClient.connect("127.0.0.1", "127.0.0.1", server.smtpPort(), false)) {
      c.command("EHLO client.test");
      assertThat(c.sendMail("spam@remote.test", List.of(CAROL), gtube))
          .startsWith("550 5.7.1 Message refused as spam: Gtube pattern");
    }
    assertThat(server.mailLog(id)).contains("550 5.7.1").doesNotContain("queued as");
    Submission.Reply r =
        Submission.send(
            server,
            ALICE,
            PASSWORD,
            ALICE,
            List.of("someone@remote.test"),
            ("From: <" + ALICE + ">\r\nSubject: test\r\n\r\n" + RspamdServer.GTUBE + "\r\n")
                .getBytes(StandardCharsets.US_ASCII));
    assertThat(r.code()).isEqualTo(550);
    assertThat(r.line()).contains("5.7.1", "our content filter takes it for spam");
  }

  @Test
  void spamUnderTheRejectScoreGoesToJunkWithItsScoreAndAStoppedRspamdIsNeverALostMessage() {
    String spammy = unique("spammy") + "@remote.test";
    String clean = unique("clean") + "@remote.test";
    String unscanned = unique("unscanned") + "@remote.test";
    String program = unique("program") + "@remote.test";
    mx(spammy, "Offer " + RspamdServer.SPAMMY + " today", "250");
    mx(clean, "Lunch on Friday", "250");
    server.setSetting("postroom.spam.attachments", "junk");
    try {
      mxWithAttachment(program, "setup.exe", "250");
    } finally {
      server.setSetting("postroom.spam.attachments", "reject");
    }
    rspamd.stopRspamd();
    try {
      mx(unscanned, "While the filter is down", "250");
      server.setSetting("postroom.spam.rspamd.unavailable", "tempfail");
      mx(unique("deferred") + "@remote.test", "Deferred while the filter is down", "451 4.7.1");
    } finally {
      server.setSetting("postroom.spam.rspamd.unavailable", "accept");
      rspamd.startRspamd();
    }
    server.stop();
    try {
      assertThat(server.<String>readStore(c -> folderAndTop(c, spammy)))
          .startsWith("JUNK\n")
          .contains("X-Spam: Yes\r\n")
          .containsPattern("X-Spam-Result: rspamd; action=add header; score=\\d+\\.\\d\\d/15\\.00")
          .contains("POSTROOM_TEST_SPAMMY(8.00)");
      assertThat(server.<String>readStore(c -> folderAndTop(c, clean)))
          .startsWith("INBOX\n")
          .contains("X-Spam-Result: rspamd; action=no action; score=")
          .doesNotContain("X-Spam: Yes");
      assertThat(server.<String>readStore(c -> folderAndTop(c, program)))
          .startsWith("JUNK\n")
          .contains("X-Spam-Attachment: program or script setup.exe");
      assertThat(server.<String>readStore(c -> folderAndTop(c, unscanned)))
          .startsWith("INBOX\n")
          .contains("X-Spam-Result: not scanned (content filter unavailable)");
    } finally {
      server.startAgain();
    }
  }

  @Test
  void spamAndNotSpamInTheWebmailTeachRspamd() throws Exception {
    String dave = "dave@example.test";
    server.createUser(dave, PASSWORD, "Dave");
    String words =
        "Congratulations winner you have been selected for an exclusive prize claim your reward"
            + " today by replying with your bank details and passport number before midnight"
            + " tonight limited offer guaranteed money transfer lottery jackpot bonus\r\n";
    for (String subject : List.of("Claim your prize now", "Minutes of the board meeting")) {
      server.importMessage(
          dave,
          null,
          "From: Someone <someone@remote.test>\r\nTo: "
              + dave
              + "\r\nSubject: "
              + subject
              + "\r\nMessage-ID: <"
              + unique("learn")
              + "@remote.test>\r\nDate: Mon, 30 Nov 2026 10:00:00 +0000\r\n\r\n"
              + (subject.startsWith("Claim") ? words : words.replace("prize", "agenda")).repeat(3));
    }
    mx(dave, unique("why") + "@remote.test", "Why " + RspamdServer.SPAMMY, "250");
    int before = learned();
    assertThat(before).as("rspamd's learned count").isGreaterThanOrEqualTo(0);
    try (Browser browser = Browser.open(server.baseUrl())) {
      Webmail.signIn(browser, dave, PASSWORD);
      browser.go("/mail/");
      Webmail.row(browser, "Claim your prize now")
          .findElement(By.cssSelector("input[name=id]"))
          .click();
      browser.submit("#do-junk");
      assertThat(browser.text("#notice")).isEqualTo("1 message moved to Junk.");
      await(() -> learned() == before + 1, Duration.ofSeconds(30));

      String junk =
          "/mail/?folder=" + browser.find("li[data-role=JUNK]").getAttribute("data-folder");
      browser.go(junk);
      Webmail.row(browser, "Why " + RspamdServer.SPAMMY).findElement(By.cssSelector("a")).click();
      browser.waitUntil(d -> browser.exists("#subject"));
      browser.find("#junk-why summary").click();
      assertThat(browser.text("#junk-why"))
          .contains("Why is this in Junk?", "at 15.00 it would have been refused")
          .contains("POSTROOM_TEST_SPAMMY(8.00)");
      browser.go(junk);
      Webmail.row(browser, "Claim your prize now")
          .findElement(By.cssSelector("input[name=id]"))
          .click();
      browser.submit("#do-notjunk");
      assertThat(browser.text("#notice")).contains("not spam");
      await(() -> learned() == before + 2, Duration.ofSeconds(30));
    }
    assertThat(server.log())
        .contains(
            "spam: rspamd learned 1 of 1 moved messages as spam",
            "spam: rspamd learned 1 of 1 moved messages as not spam");
    try (Browser admin = Browser.open(server.baseUrl())) {
      Webmail.signIn(admin, PostroomServer.ADMIN, PostroomServer.ADMIN_PASSWORD);
      admin.go("/admin/domain.xhtml");
      assertThat(admin.text("#filter-on")).contains("scanned by rspamd at " + rspamd.url());
    }
  }

  /** How many messages rspamd has learned ({@code rspamc stat}: "Messages learned"). */
  static int learned() {
    var m = java.util.regex.Pattern.compile("\"learned\": ?(\\d+)").matcher(rspamd.stat());
    return m.find() ? Integer.parseInt(m.group(1)) : -1;
  }

  @Test
  void aProgramOrScriptAttachedIsRefusedAlsoInsideAZipFile() throws Exception {
    String id = unique("exe") + "@remote.test";
    mxWithAttachment(
        id, "invoice.pdf.exe", "552 5.7.0 Message refused: its attachment invoice.pdf.exe");
    assertThat(server.mailLog(id)).contains("552 5.7.0").doesNotContain("queued as");
    java.io.ByteArrayOutputStream zip = new java.io.ByteArrayOutputStream();
    try (java.util.zip.ZipOutputStream z = new java.util.zip.ZipOutputStream(zip)) {
      z.putNextEntry(new java.util.zip.ZipEntry("order/details.js"));
      z.write("WScript.Echo(1)".getBytes(StandardCharsets.US_ASCII));
      z.closeEntry();
    }
    mxWithAttachment(
        unique("zip") + "@remote.test",
        "order.zip",
        zip.toByteArray(),
        "552 5.7.0 Message refused: its attachment order.zip: order/details.js");
    mxWithAttachment(unique("pdf") + "@remote.test", "report.pdf", "250");
  }

  static void mxWithAttachment(String messageId, String fileName, String expected) {
    mxWithAttachment(messageId, fileName, "MZ not really a program".getBytes(), expected);
  }

  static void mxWithAttachment(String messageId, String fileName, byte[] content, String expected) {
    String msg =
        "From: Sender <sender@remote.test>\r\nTo: <"
            + CAROL
            + ">\r\nSubject: your file\r\nMessage-ID: <"
            + messageId
            + ">\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"b1\"\r\n\r\n"
            + "--b1\r\nContent-Type: text/plain\r\n\r\nThe file you asked for.\r\n--b1\r\n"
            + "Content-Type: application/octet-stream\r\nContent-Disposition: attachment;"
            + " filename=\""
            + fileName
            + "\"\r\nContent-Transfer-Encoding: base64\r\n\r\n"
            + java.util.Base64.getMimeEncoder().encodeToString(content)
            + "\r\n--b1--\r\n";
    try (SmtpClient c = SmtpClient.connect("127.0.0.1", "127.0.0.1", server.smtpPort(), false)) {
      c.command("EHLO client.test");
      assertThat(c.sendMail("sender@remote.test", List.of(CAROL), msg))
          .as(fileName)
          .startsWith(expected);
    }
  }

  /** One message to carol at the MX; asserts the start of the reply to the final dot. */
  static void mx(String messageId, String subject, String expected) {
    mx(CAROL, messageId, subject, expected);
  }

  static void mx(String rcpt, String messageId, String subject, String expected) {
    try (SmtpClient c = SmtpClient.connect("127.0.0.1", "127.0.0.1", server.smtpPort(), false)) {
      c.setTimeout(60_000);
      c.command("EHLO client.test");
      String msg =
          "From: Sender <sender@remote.test>\r\nTo: <"
              + rcpt
              + ">\r\nSubject: "
              + subject
              + "\r\nMessage-ID: <"
              + messageId
              + ">\r\nDate: Mon, 30 Nov 2026 10:00:00 +0000\r\n\r\n"
              + "Hello, this is a message with a few words in it, as mail has.\r\n";
      assertThat(c.sendMail("sender@remote.test", List.of(rcpt), msg))
          .as(subject)
          .startsWith(expected);
    }
  }

  /** The folder role of the stored copy, a newline, then its first 2,000 characters. */
  static String folderAndTop(java.sql.Connection c, String messageId) throws java.sql.SQLException {
    try (var ps =
        c.prepareStatement(
            "select f.role, b.content from message m join folder f on f.id = m.folder_id"
                + " join message_blob b on b.id = m.blob_id where m.message_id = ?")) {
      ps.setString(1, "<" + messageId + ">");
      try (var rs = ps.executeQuery()) {
        assertThat(rs.next()).as("a stored copy of " + messageId).isTrue();
        String content = new String(rs.getBytes(2), StandardCharsets.ISO_8859_1);
        return rs.getString(1) + "\n" + content.substring(0, Math.min(2000, content.length()));
      }
    }
  }

  /** Hands a message to the Postfix peer, which relays it into our MX from 127.0.0.2. */
  static void inject(String sender, String rcpt, String messageId) {
    try (SmtpClient c =
        SmtpClient.connect("127.0.0.1", Peers.PEER_IP, peers.postfix().injectPort(), false)) {
      c.command("EHLO client.test");
      assertThat(c.sendMail(sender, List.of(rcpt), message(messageId, "greylisted")))
          .startsWith("250");
    }
  }

  static String message(String messageId, String subject) {
    return SmtpClient.message(messageId, subject);
  }

  /** Recipients the MX accepted mail for, from the mail log, whose lines mention the text. */
  static long stored(String text) {
    return java.util.regex.Pattern.compile("queued as")
        .matcher(server.mailLog(text))
        .results()
        .count();
  }

  static void await(BooleanSupplier condition, Duration timeout) throws InterruptedException {
    long end = System.nanoTime() + timeout.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > end) {
        throw new AssertionError("not within " + timeout);
      }
      Thread.sleep(250);
    }
  }
}
