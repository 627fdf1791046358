package org.postroom.delivery.queue;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postroom.config.Setting;
import org.postroom.config.Settings;
import org.postroom.core.EmailAddress;
import org.postroom.core.RawMessage;
import org.postroom.db.Database;
import org.postroom.db.Sql;
import org.postroom.delivery.DeliveryParts;
import org.postroom.delivery.Envelope;
import org.postroom.delivery.MailRouter;
import org.postroom.delivery.remote.MxRouting;
import org.postroom.delivery.remote.SmtpClient;
import org.postroom.dns.DnsJavaResolver;
import org.postroom.dns.DnsResolver;
import org.postroom.mailbox.FolderRole;
import org.postroom.mailbox.MailboxFixtures;
import org.postroom.runtime.NodeIdentity;
import org.postroom.testsupport.DeliveryStatus;
import org.postroom.testsupport.FreePort;
import org.postroom.testsupport.Peers;
import org.postroom.testsupport.PostfixPeer;
import org.postroom.testsupport.TestDatabase;
import org.postroom.testsupport.TestSettings;

/**
 * The relay's scenarios with real peers on loopback and the real queue, router and local delivery
 * on H2, without Payara: mail is put in through the {@link MailRouter} as submission does, and
 * every scenario is judged by what arrives in Postfix's mailboxes or in the sender's Inbox. Retry
 * times are seconds here, as an admin may set them.
 */
class RelayIT {
  static final String BOB = "bob@example.test";
  static Peers peers;
  static PostfixPeer postfix;
  static Database db;
  static TestSettings settings;
  static MailRouter router;
  static Relay relay;
  static long bob;
  static final OutboundRepository store = new OutboundRepository();

  @BeforeAll
  static void start() {
    peers = Peers.start("relay", "example.test", FreePort.any());
    postfix = peers.postfix();
    db = TestDatabase.h2();
    settings =
        new TestSettings(
            "postroom.domain", "example.test",
            "postroom.relay.port", String.valueOf(postfix.mxPort()),
            "postroom.relay.retry.first", "1s",
            "postroom.relay.retry.max", "2s",
            "postroom.relay.lifetime", "1h",
            "postroom.relay.delay.notice", "0",
            "postroom.relay.timeout", "20s");
    bob = db.transaction(c -> MailboxFixtures.account(c, BOB, "Bob"));
    router = DeliveryParts.router(db, settings, new RelayQueue(db, settings, () -> relay.wake()));
    relay = newRelay("node-a");
    relay.start();
  }

  static Relay newRelay(String node) {
    DnsResolver dns =
        new DnsJavaResolver(
            List.of(new Settings.HostPort("127.0.0.1", peers.dns().port())), Duration.ofSeconds(2));
    return new Relay(
        db,
        settings,
        new MxRouting(dns),
        new SmtpClient(),
        new Notices(db, router, settings),
        Executors.defaultThreadFactory(),
        new NodeIdentity(node));
  }

  @AfterAll
  static void stop() {
    if (relay != null) {
      relay.stop(Duration.ofSeconds(5));
    }
    peers.close();
  }

  @AfterEach
  void restoreSettings() {
    settings.put(Setting.RELAY_LIFETIME, "1h").put(Setting.RELAY_DELAY_NOTICE, "0");
  }

  // ---- helpers

  static String subject(String what) {
    return what + "-" + UUID.randomUUID();
  }

  static byte[] message(String subject) {
    return ("From: Bob <bob@example.test>\r\nTo: someone@remote.test\r\nSubject: "
            + subject
            + "\r\nMessage-ID: <"
            + subject
            + "@example.test>\r\nDate: Mon, 30 Nov 2026 09:00:00 +0000\r\n\r\nHello.\r\n")
        .getBytes(StandardCharsets.US_ASCII);
  }

  static long submit(String from, String subject, String... rcpts) {
    List<EmailAddress> to = new ArrayList<>();
    for (String r : rcpts) {
      to.add(EmailAddress.of(r));
    }
    return router
        .route(new Envelope(from, to), RawMessage.of(message(subject)), from.isEmpty() ? null : bob)
        .queueId();
  }

  static QueuedRecipient awaitRecipient(
      long queueId, String address, Predicate<QueuedRecipient> condition, int seconds) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    QueuedRecipient last = null;
    while (System.nanoTime() < deadline) {
      last =
          db.read((Connection c) -> store.recipients(c, queueId)).stream()
              .filter(r -> r.address().equals(address))
              .findFirst()
              .orElseThrow();
      if (condition.test(last)) {
        return last;
      }
      sleep(100);
    }
    throw new AssertionError("recipient " + address + " of " + queueId + " stayed " + last);
  }

  /** The raw messages in Bob's Inbox. */
  static List<byte[]> inbox() {
    return db.read(
        (Connection c) ->
            Sql.list(
                c,
                "select b.content from message m join message_blob b on b.id = m.blob_id"
                    + " join folder f on f.id = m.folder_id where m.account_id = ? and f.role = ?"
                    + " order by m.id",
                rs -> rs.getBytes(1),
                bob,
                FolderRole.INBOX.name()));
  }

  /** Waits for the notice about a message (it refers to the message's Message-ID). */
  static DeliveryStatus awaitNotice(String subject, String action, int seconds) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (System.nanoTime() < deadline) {
      Optional<byte[]> found =
          inbox().stream()
              .filter(
                  b ->
                      new String(b, StandardCharsets.UTF_8)
                          .contains("<" + subject + "@example.test>"))
              .filter(b -> new String(b, StandardCharsets.UTF_8).contains("Action: " + action))
              .findFirst();
      if (found.isPresent()) {
        return DeliveryStatus.parse(found.get());
      }
      sleep(100);
    }
    throw new AssertionError("no " + action + " notice about " + subject + " in Bob's Inbox");
  }

  static long noticesAbout(String subject) {
    return inbox().stream()
        .filter(
            b -> new String(b, StandardCharsets.UTF_8).contains("<" + subject + "@example.test>"))
        .count();
  }

  static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  static void assertBounceBasics(DeliveryStatus dsn, String subject) {
    assertThat(dsn.reportType()).isEqualTo("delivery-status");
    assertThat(dsn.header("From"))
        .isEqualTo("Mail Delivery System <MAILER-DAEMON@mail.example.test>");
    assertThat(dsn.header("To")).isEqualTo("<bob@example.test>");
    assertThat(dsn.header("Return-Path")).isEqualTo("<>");
    assertThat(dsn.header("Auto-Submitted")).isEqualTo("auto-replied");
    assertThat(dsn.header("In-Reply-To")).isEqualTo("<" + subject + "@example.test>");
    assertThat(dsn.perMessage().get("Reporting-MTA")).isEqualTo("dns; mail.example.test");
    assertThat(dsn.perMessage().get("Arrival-Date")).isNotBlank();
    assertThat(dsn.returnedHeaders()).contains("Subject: " + subject).doesNotContain("Hello.");
  }

  // ---- scenarios

  @Test
  void aMessageIsDeliveredWithItsHeadersIntactAndTheQueueRecordsWhereAndWhen() {
    String s = subject("normal");
    long id = submit(BOB, s, "alice@remote.test");
    String m = postfix.awaitMessage("alice@remote.test", x -> x.contains(s), 30);
    assertThat(m)
        .contains(new String(message(s), StandardCharsets.US_ASCII).replace("\r\n", "\n").strip());
    QueuedRecipient r = awaitRecipient(id, "alice@remote.test", x -> x.state().isFinal(), 10);
    assertThat(r.state()).isEqualTo(RecipientState.DELIVERED);
    assertThat(r.remoteHost()).isEqualTo("mx.remote.test[127.0.0.2]:" + postfix.mxPort());
    assertThat(r.lastReply()).startsWith("250 2.0.0 Ok: queued as");
    assertThat(r.finishedAt()).isNotNull();
    assertThat(db.read((Connection c) -> store.content(c, id))).isEmpty();
  }

  @Test
  void thePreferredMxBeingDownTheNextMxGetsIt() {
    String s = subject("backup");
    long id = submit(BOB, s, "alice@backup.test");
    postfix.awaitMessage("alice@backup.test", x -> x.contains(s), 30);
    assertThat(awaitRecipient(id, "alice@backup.test", x -> x.state().isFinal(), 10).remoteHost())
        .startsWith("mx2.backup.test[127.0.0.2]");
  }

  @Test
  void aDomainWithoutMxGetsItAtItsOwnAddress() {
    String s = subject("nomx");
    submit(BOB, s, "alice@nomx.test");
    postfix.awaitMessage("alice@nomx.test", x -> x.contains(s), 30);
  }

  @Test
  void aNullMxBouncesAtOnceWithoutAnyConnection() {
    long connections = postfix.connectionsSoFar();
    String s = subject("nullmx");
    long id = submit(BOB, s, "alice@nullmx.test");
    DeliveryStatus dsn = awaitNotice(s, "failed", 30);
    assertBounceBasics(dsn, s);
    DeliveryStatus.Fields r = dsn.recipient("alice@nullmx.test");
    assertThat(r.get("Action")).isEqualTo("failed");
    assertThat(r.get("Status")).isEqualTo("5.1.10");
    assertThat(r.get("Remote-MTA")).isNull();
    assertThat(r.get("Diagnostic-Code")).startsWith("X-Postroom; 556 5.1.10");
    assertThat(dsn.text()).contains("alice@nullmx.test").contains("null MX");
    assertThat(postfix.connectionsSoFar()).isEqualTo(connections);
    QueuedRecipient q = awaitRecipient(id, "alice@nullmx.test", x -> x.pendingNotice() == null, 10);
    assertThat(q.state()).isEqualTo(RecipientState.FAILED);
    assertThat(q.attempts()).isZero();
  }

  @Test
  void aDomainThatDoesNotExistBounces() {
    String s = subject("nxdomain");
    submit(BOB, s, "alice@no-such-domain.test");
    DeliveryStatus.Fields r = awaitNotice(s, "failed", 30).recipient("alice@no-such-domain.test");
    assertThat(r.get("Status")).isEqualTo("5.1.2");
    assertThat(r.get("Diagnostic-Code")).contains("does not exist");
  }

  @Test
  void a451IsRetriedUntilTheConditionClears() {
    postfix.answerFor("carol@remote.test", "451 4.3.0 Busy right now (test peer)");
    try {
      String s = subject("tempfail");
      long id = submit(BOB, s, "carol@remote.test");
      QueuedRecipient deferred =
          awaitRecipient(id, "carol@remote.test", x -> x.state() == RecipientState.DEFERRED, 30);
      assertThat(deferred.lastReply())
          .isEqualTo(
              "451 4.3.0 <carol@remote.test>: Recipient address rejected: Busy right now (test peer)");
      assertThat(deferred.nextAttemptAt()).isAfter(deferred.lastAttemptAt());
      awaitRecipient(id, "carol@remote.test", x -> x.attempts() >= 2, 30);
      assertThat(postfix.messagesFor("carol@remote.test").stream().anyMatch(m -> m.contains(s)))
          .isFalse();
      postfix.answerFor("carol@remote.test", null);
      postfix.awaitMessage("carol@remote.test", x -> x.contains(s), 30);
      QueuedRecipient done =
          awaitRecipient(id, "carol@remote.test", x -> x.state() == RecipientState.DELIVERED, 10);
      assertThat(done.attempts()).isGreaterThanOrEqualTo(3);
      assertThat(noticesAbout(s)).isZero();
    } finally {
      postfix.answerFor("carol@remote.test", null);
    }
  }

  @Test
  void oneOfTwoRecipientsRefusedIsOneDeliveryAndOneBounceForJustThatRecipient() {
    String s = subject("half");
    long id = submit(BOB, s, "dave@remote.test", "reject@remote.test");
    postfix.awaitMessage("dave@remote.test", x -> x.contains(s), 30);
    DeliveryStatus dsn = awaitNotice(s, "failed", 30);
    assertBounceBasics(dsn, s);
    assertThat(dsn.perRecipient()).hasSize(1);
    DeliveryStatus.Fields r = dsn.recipient("reject@remote.test");
    assertThat(r.get("Action")).isEqualTo("failed");
    assertThat(r.get("Status")).isEqualTo("5.1.1");
    assertThat(r.get("Remote-MTA")).isEqualTo("dns; mx.remote.test");
    assertThat(r.get("Diagnostic-Code"))
        .isEqualTo(
            "smtp; 550 5.1.1 <reject@remote.test>: Recipient address rejected: User unknown (test peer)");
    assertThat(r.get("Last-Attempt-Date")).isNotBlank();
    assertThat(dsn.text()).contains("reject@remote.test").doesNotContain("dave@remote.test");
    assertThat(awaitRecipient(id, "dave@remote.test", x -> x.state().isFinal(), 5).state())
        .isEqualTo(RecipientState.DELIVERED);
  }

  @Test
  void aServerDownPastTheLifetimeBouncesWithItsLastReason() {
    settings.put(Setting.RELAY_LIFETIME, "4s");
    String s = subject("down");
    long id = submit(BOB, s, "alice@down.test");
    awaitRecipient(id, "alice@down.test", x -> x.state() == RecipientState.DEFERRED, 20);
    DeliveryStatus dsn = awaitNotice(s, "failed", 40);
    assertBounceBasics(dsn, s);
    DeliveryStatus.Fields r = dsn.recipient("alice@down.test");
    assertThat(r.get("Status")).isEqualTo("4.4.1");
    assertThat(r.get("Remote-MTA")).isEqualTo("dns; mx.down.test");
    assertThat(r.get("Diagnostic-Code"))
        .startsWith("X-Postroom; connect to mx.down.test[127.0.0.3]");
    assertThat(dsn.text()).contains("stopped trying");
    QueuedRecipient q = awaitRecipient(id, "alice@down.test", x -> x.state().isFinal(), 5);
    assertThat(q.state()).isEqualTo(RecipientState.FAILED);
    assertThat(q.attempts()).isGreaterThanOrEqualTo(2);
  }

  @Test
  void aRecipientStillDeferredAfterTheDelayTimeGetsTheSenderOneDelayNotice() {
    settings.put(Setting.RELAY_DELAY_NOTICE, "2s");
    String s = subject("delayed");
    long id = submit(BOB, s, "tempfail@remote.test");
    DeliveryStatus dsn = awaitNotice(s, "delayed", 30);
    assertThat(dsn.header("Subject")).isEqualTo("Delayed Mail (still being retried)");
    DeliveryStatus.Fields r = dsn.recipient("tempfail@remote.test");
    assertThat(r.get("Action")).isEqualTo("delayed");
    assertThat(r.get("Status")).isEqualTo("4.3.0");
    assertThat(r.get("Will-Retry-Until")).isNotBlank();
    sleep(3000);
    assertThat(noticesAbout(s)).isEqualTo(1);
    assertThat(awaitRecipient(id, "tempfail@remote.test", x -> true, 1).state())
        .isEqualTo(RecipientState.DEFERRED);
    db.run(c -> store.delete(c, id));
  }

  @Test
  void aMessageFromTheNullSenderIsNeverBounced() {
    String s = subject("null-sender");
    long inboxBefore = inbox().size();
    long id = submit("", s, "reject@remote.test");
    QueuedRecipient r = awaitRecipient(id, "reject@remote.test", x -> x.state().isFinal(), 30);
    assertThat(r.state()).isEqualTo(RecipientState.FAILED);
    assertThat(r.pendingNotice()).isNull();
    sleep(1500);
    assertThat(inbox()).hasSize((int) inboxBefore);
  }

  @Test
  void theBounceToARemoteSenderIsQueuedAndArrivesThereFromTheNullSender() {
    String s = subject("remote-sender");
    router.route(
        new Envelope("eve@remote.test", List.of(EmailAddress.of("reject@remote.test"))),
        RawMessage.of(message(s)),
        null);
    String bounce =
        postfix.awaitMessage(
            "eve@remote.test",
            x -> x.contains("<" + s + "@example.test>") && x.contains("Action: failed"),
            30);
    assertThat(bounce).startsWith("Return-Path: <>");
    DeliveryStatus dsn =
        DeliveryStatus.parse(
            bounce
                .substring(bounce.indexOf("From: Mail Delivery System"))
                .replace("\n", "\r\n")
                .getBytes(StandardCharsets.ISO_8859_1));
    assertThat(dsn.recipient("reject@remote.test").get("Status")).isEqualTo("5.1.1");
  }

  @Test
  void severalRecipientsOfOneDomainShareATransactionAndSeveralMessagesAConnection() {
    relay.stop(Duration.ofSeconds(5));
    List<String> subjects = new ArrayList<>();
    try {
      for (int i = 0; i < 5; i++) {
        String s = subject("batch" + i);
        subjects.add(s);
        submit(BOB, s, "alice@remote.test", "carol@remote.test", "dave@remote.test");
      }
    } finally {
      relay = newRelay("node-a");
      long before = postfix.connectionsSoFar();
      relay.start();
      for (String s : subjects) {
        String a = postfix.awaitMessage("alice@remote.test", x -> x.contains(s), 30);
        String c = postfix.awaitMessage("carol@remote.test", x -> x.contains(s), 30);
        String d = postfix.awaitMessage("dave@remote.test", x -> x.contains(s), 30);
        assertThat(queueIdOf(c)).isEqualTo(queueIdOf(a)).isEqualTo(queueIdOf(d));
      }
      assertThat(postfix.connectionsSoFar() - before).isEqualTo(1);
    }
  }

  @Test
  void whatANodeHadInFlightWhenItDiedIsDeliveredWhenItStartsAgain() {
    relay.stop(Duration.ofSeconds(5));
    String s = subject("in-flight");
    long id;
    try {
      id = submit(BOB, s, "alice@remote.test");
      // the node claimed it and died before the result was recorded
      claimAsDeadNode("node-a:999");
    } finally {
      relay = newRelay("node-a");
      relay.start();
    }
    postfix.awaitMessage("alice@remote.test", x -> x.contains(s), 30);
    assertThat(awaitRecipient(id, "alice@remote.test", x -> x.state().isFinal(), 10).state())
        .isEqualTo(RecipientState.DELIVERED);
  }

  static void claimAsDeadNode(String token) {
    var now = Sql.now();
    assertThat(
            db.transaction(
                (Connection c) ->
                    store.claim(c, "remote.test", token, now, now.plusMinutes(2), 50)))
        .isPositive();
  }

  static String queueIdOf(String postfixMessage) {
    var m = java.util.regex.Pattern.compile("with ESMTPS? id ([0-9A-F]+)").matcher(postfixMessage);
    assertThat(m.find()).as("Postfix queue id in\n" + postfixMessage).isTrue();
    return m.group(1);
  }
}
