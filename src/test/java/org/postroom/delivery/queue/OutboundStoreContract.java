package org.postroom.delivery.queue;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postroom.account.AccountFixtures;
import org.postroom.config.Setting;
import org.postroom.core.DeliveryException;
import org.postroom.core.EmailAddress;
import org.postroom.core.RawMessage;
import org.postroom.db.Database;
import org.postroom.db.Sql;
import org.postroom.delivery.Envelope;
import org.postroom.testsupport.TestSettings;

/**
 * The outbound queue's storage, leases and sending limits as every database must show them. Runs on
 * H2 ({@code H2OutboundStoreTest}) and PostgreSQL ({@code PostgresOutboundStoreIT}).
 */
abstract class OutboundStoreContract {
  final OutboundRepository store = new OutboundRepository();
  final TestSettings settings = new TestSettings("postroom.domain", "example.test");
  final AtomicInteger wakeups = new AtomicInteger();
  Database db;
  RelayQueue queue;
  long bob;

  abstract Database freshDatabase();

  @BeforeEach
  void migrate() {
    db = freshDatabase();
    queue = new RelayQueue(db, settings, wakeups::incrementAndGet);
    bob = db.transaction((Connection c) -> AccountFixtures.insert(c, "bob@example.test", "Bob"));
  }

  static byte[] message(String subject) {
    return ("From: bob@example.test\r\nTo: x@remote.test\r\nSubject: "
            + subject
            + "\r\nMessage-ID: <"
            + subject
            + "@example.test>\r\n\r\nbody \u00e9\r\n")
        .getBytes(StandardCharsets.ISO_8859_1);
  }

  long enqueue(String subject, String... rcpts) {
    List<EmailAddress> to = new ArrayList<>();
    for (String r : rcpts) {
      to.add(EmailAddress.of(r));
    }
    return db.transaction(
        (Connection c) ->
            queue.enqueue(
                c, new Envelope("bob@example.test", to), RawMessage.of(message(subject)), bob));
  }

  List<QueuedRecipient> recipients(long id) {
    return db.read((Connection c) -> store.recipients(c, id));
  }

  int claim(String domain, String token, OffsetDateTime now) {
    return db.transaction(
        (Connection c) -> store.claim(c, domain, token, now, now.plusMinutes(2), 50));
  }

  List<QueuedRecipient> claimed(String token) {
    return db.read((Connection c) -> store.claimed(c, token));
  }

  @Test
  void aQueuedMessageIsStoredOnceWithEachRemoteRecipientQueuedAndTheWorkersAreWokenAfterCommit() {
    long id = enqueue("hello", "alice@remote.test", "carol@remote.test", "Alice@remote.test");
    assertThat(wakeups).hasValue(1);
    assertThat(db.read((Connection c) -> store.content(c, id))).hasValue(message("hello"));
    QueuedMessage m = db.read((Connection c) -> store.message(c, id)).orElseThrow();
    assertThat(m.reversePath()).isEqualTo("bob@example.test");
    assertThat(m.submitterId()).isEqualTo(bob);
    assertThat(m.subject()).isEqualTo("hello");
    assertThat(m.headerMessageId()).isEqualTo("<hello@example.test>");
    assertThat(recipients(id))
        .extracting(QueuedRecipient::address, QueuedRecipient::state, QueuedRecipient::attempts)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple("alice@remote.test", RecipientState.QUEUED, 0),
            org.assertj.core.groups.Tuple.tuple("carol@remote.test", RecipientState.QUEUED, 0));
  }

  @Test
  void aRolledBackSubmissionLeavesNothingQueuedAndWakesNobody() {
    assertThatThrownBy(
            () ->
                db.run(
                    c -> {
                      queue.enqueue(
                          c,
                          new Envelope(
                              "bob@example.test", List.of(EmailAddress.of("a@remote.test"))),
                          RawMessage.of(message("x")),
                          bob);
                      throw new IllegalStateException("local delivery failed");
                    }))
        .hasMessage("local delivery failed");
    assertThat(db.read((Connection c) -> Sql.count(c, "select count(*) from outbound_message")))
        .isZero();
    assertThat(wakeups).hasValue(0);
  }

  @Test
  void aClaimTakesDueRecipientsOfOneDomainAndNobodyElseGetsThemWhileTheLeaseHolds() {
    long id = enqueue("m1", "alice@remote.test", "dave@other.test");
    enqueue("m2", "carol@remote.test");
    OffsetDateTime now = Sql.now();
    assertThat(db.read((Connection c) -> store.dueDomains(c, now, 10)))
        .containsExactlyInAnyOrder("remote.test", "other.test");
    assertThat(claim("remote.test", "n1:1", now)).isEqualTo(2);
    assertThat(claimed("n1:1"))
        .extracting(QueuedRecipient::address)
        .containsExactly("alice@remote.test", "carol@remote.test");
    assertThat(claim("remote.test", "n2:1", now)).isZero();
    assertThat(db.read((Connection c) -> store.dueDomains(c, now, 10)))
        .containsExactly("other.test");
    assertThat(db.read((Connection c) -> store.openConnections(c, now)))
        .containsEntry("remote.test", 1);
    assertThat(recipients(id).get(0).leased()).isTrue();
  }

  @Test
  void onlyTheLeaseHolderCanRecordAResult() {
    long id = enqueue("m", "alice@remote.test");
    OffsetDateTime now = Sql.now();
    claim("remote.test", "n1:1", now);
    long rid = recipients(id).get(0).id();
    assertThat(
            db.transaction(
                (Connection c) ->
                    store.markDelivered(c, rid, "n2:7", "mx[127.0.0.2]:25", "250 ok", now)))
        .isFalse();
    assertThat(
            db.transaction(
                (Connection c) ->
                    store.markDelivered(c, rid, "n1:1", "mx[127.0.0.2]:25", "250 2.0.0 ok", now)))
        .isTrue();
    QueuedRecipient r = recipients(id).get(0);
    assertThat(r.state()).isEqualTo(RecipientState.DELIVERED);
    assertThat(r.remoteHost()).isEqualTo("mx[127.0.0.2]:25");
    assertThat(r.lastReply()).isEqualTo("250 2.0.0 ok");
    assertThat(r.finishedAt()).isNotNull();
    assertThat(r.attempts()).isEqualTo(1);
    assertThat(r.leased()).isFalse();
  }

  @Test
  void aLeaseThatRanOutCanBeClaimedAgainAsAfterACrashedNode() {
    long id = enqueue("m", "alice@remote.test");
    OffsetDateTime t0 = Sql.now();
    db.transaction(
        (Connection c) -> store.claim(c, "remote.test", "dead:1", t0, t0.plusSeconds(1), 50));
    assertThat(claim("remote.test", "n2:1", t0)).isZero();
    assertThat(claim("remote.test", "n2:1", t0.plusSeconds(2))).isEqualTo(1);
    assertThat(claimed("n2:1"))
        .extracting(QueuedRecipient::id)
        .containsExactly(recipients(id).get(0).id());
  }

  @Test
  void aRestartedNodeFreesItsOwnLeasesAndNoOtherNodes() {
    enqueue("m1", "alice@remote.test");
    enqueue("m2", "carol@other.test");
    OffsetDateTime now = Sql.now();
    claim("remote.test", "node-a:1", now);
    claim("other.test", "node-b:1", now);
    assertThat(db.transaction((Connection c) -> store.releaseAll(c, "node-a:"))).isEqualTo(1);
    assertThat(db.read((Connection c) -> store.dueDomains(c, now, 10)))
        .containsExactly("remote.test");
  }

  @Test
  void aDeferredRecipientWaitsForItsNextAttemptAndRetryNowBringsItBack() {
    long id = enqueue("m", "alice@remote.test");
    OffsetDateTime now = Sql.now();
    claim("remote.test", "n:1", now);
    long rid = recipients(id).get(0).id();
    db.transaction(
        (Connection c) ->
            store.markDeferred(
                c, rid, "n:1", "mx[127.0.0.2]:25", "451 4.3.0 try later", now, now.plusMinutes(5)));
    QueuedRecipient r = recipients(id).get(0);
    assertThat(r.state()).isEqualTo(RecipientState.DEFERRED);
    assertThat(r.nextAttemptAt().toInstant()).isEqualTo(now.plusMinutes(5).toInstant());
    assertThat(r.lastReply()).isEqualTo("451 4.3.0 try later");
    assertThat(db.read((Connection c) -> store.dueDomains(c, now.plusMinutes(4), 10))).isEmpty();
    assertThat(db.read((Connection c) -> store.dueDomains(c, now.plusMinutes(5), 10)))
        .containsExactly("remote.test");
    assertThat(db.read((Connection c) -> store.nextDue(c)).orElseThrow().toInstant())
        .isEqualTo(now.plusMinutes(5).toInstant());
    assertThat(db.transaction((Connection c) -> store.retryNow(c, null, Sql.now()))).isEqualTo(1);
    assertThat(db.read((Connection c) -> store.dueDomains(c, Sql.now(), 10)))
        .containsExactly("remote.test");
  }

  @Test
  void aFailedRecipientOwesTheSenderANoticeButOneOfANullSenderDoesNot() {
    long id = enqueue("m", "alice@remote.test", "carol@remote.test");
    OffsetDateTime now = Sql.now();
    claim("remote.test", "n:1", now);
    List<QueuedRecipient> rs = recipients(id);
    db.run(
        c -> {
          store.markFailed(c, rs.get(0).id(), "n:1", "mx", "550 5.1.1 no", now, true, true);
          store.markFailed(c, rs.get(1).id(), "n:1", null, "556 5.1.10 null MX", now, false, false);
        });
    assertThat(db.read((Connection c) -> store.messagesWithNotices(c, now, 10)))
        .containsExactly(id);
    List<QueuedRecipient> due = db.transaction((Connection c) -> store.lockNotices(c, id, now));
    assertThat(due).extracting(QueuedRecipient::address).containsExactly("alice@remote.test");
    assertThat(due.get(0).pendingNotice()).isEqualTo("FAILED");
    assertThat(recipients(id).get(1).attempts()).isZero();
    // the bytes stay while a notice is pending
    assertThat(db.transaction((Connection c) -> store.releaseContent(c, id))).isFalse();
    db.run(c -> store.clearNotice(c, due.get(0).id()));
    assertThat(db.transaction((Connection c) -> store.releaseContent(c, id))).isTrue();
    assertThat(db.read((Connection c) -> store.content(c, id))).isEmpty();
  }

  @Test
  void deferredRecipientsOfOldMessagesAreMarkedForOneDelayNoticeExceptForTheNullSender() {
    long id = enqueue("m", "alice@remote.test");
    long bounce =
        db.transaction(
            (Connection c) ->
                queue.enqueue(
                    c,
                    new Envelope("", List.of(EmailAddress.of("x@remote.test"))),
                    RawMessage.of(message("b")),
                    null));
    OffsetDateTime now = Sql.now();
    claim("remote.test", "n:1", now);
    for (long m : List.of(id, bounce)) {
      long rid = recipients(m).get(0).id();
      db.run(c -> store.markDeferred(c, rid, "n:1", null, "451 later", now, now.plusHours(1)));
    }
    assertThat(db.transaction((Connection c) -> store.markDelayed(c, now.minusMinutes(1))))
        .isZero();
    assertThat(db.transaction((Connection c) -> store.markDelayed(c, now.plusMinutes(1))))
        .isEqualTo(1);
    assertThat(db.transaction((Connection c) -> store.markDelayed(c, now.plusMinutes(1)))).isZero();
    assertThat(recipients(id).get(0).pendingNotice()).isEqualTo("DELAYED");
    assertThat(recipients(bounce).get(0).pendingNotice()).isNull();
  }

  @Test
  void finishedMessagesLeaveTheHistoryAfterItsTimeAndActiveOnesNever() {
    long done = enqueue("done", "alice@remote.test");
    long waiting = enqueue("waiting", "carol@remote.test");
    OffsetDateTime now = Sql.now();
    claim("remote.test", "n:1", now);
    long rid = recipients(done).get(0).id();
    db.run(c -> store.markDelivered(c, rid, "n:1", "mx", "250 ok", now));
    db.run(c -> store.release(c, "n:1"));
    assertThat(db.read((Connection c) -> store.messages(c, QueueFilter.ACTIVE, 10)))
        .extracting(QueuedMessage::id)
        .containsExactly(waiting);
    assertThat(db.read((Connection c) -> store.messages(c, QueueFilter.FINISHED, 10)))
        .extracting(QueuedMessage::id)
        .containsExactly(done);
    assertThat(db.transaction((Connection c) -> store.purgeFinished(c, now.minusSeconds(1))))
        .isZero();
    assertThat(db.transaction((Connection c) -> store.purgeFinished(c, now.plusSeconds(1))))
        .isEqualTo(1);
    assertThat(db.read((Connection c) -> store.messages(c, QueueFilter.ALL, 10)))
        .extracting(QueuedMessage::id)
        .containsExactly(waiting);
    assertThat(db.read((Connection c) -> store.countByState(c)))
        .containsEntry(RecipientState.QUEUED, 1L);
  }

  @Test
  void aDeletedMessageTakesItsRecipientsAlong() {
    long id = enqueue("m", "alice@remote.test");
    assertThat(db.transaction((Connection c) -> store.delete(c, id))).isTrue();
    assertThat(recipients(id)).isEmpty();
  }

  @Test
  void failingUnfinishedRecipientsTakesThemFromWhoeverIsDeliveringThem() {
    long id = enqueue("m", "alice@remote.test", "carol@remote.test");
    OffsetDateTime now = Sql.now();
    claim("remote.test", "n:1", now);
    long first = recipients(id).get(0).id();
    db.run(c -> store.markDelivered(c, first, "n:1", "mx", "250 ok", now));
    assertThat(
            db.transaction(
                (Connection c) -> store.failUnfinished(c, id, RelayAdmin.DELETED, now, true)))
        .isEqualTo(1);
    QueuedRecipient carol = recipients(id).get(1);
    assertThat(carol.state()).isEqualTo(RecipientState.FAILED);
    assertThat(carol.pendingNotice()).isEqualTo("FAILED");
    long cid = carol.id();
    assertThat(
            db.transaction(
                (Connection c) -> store.markDelivered(c, cid, "n:1", "mx", "250 ok", now)))
        .isFalse();
  }

  @Test
  void racingClaimersNeverShareARecipient() throws Exception {
    for (int i = 0; i < 40; i++) {
      enqueue("m" + i, "r" + i + "@remote.test");
    }
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      CountDownLatch go = new CountDownLatch(1);
      List<Future<List<Long>>> results = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        String token = "race:" + t;
        results.add(
            pool.submit(
                () -> {
                  go.await();
                  List<Long> mine = new ArrayList<>();
                  for (int round = 0; round < 10; round++) {
                    OffsetDateTime now = Sql.now();
                    db.transaction(
                        (Connection c) ->
                            store.claim(c, "remote.test", token, now, now.plusMinutes(2), 3));
                  }
                  claimed(token).forEach(r -> mine.add(r.id()));
                  return mine;
                }));
      }
      go.countDown();
      List<Long> all = new ArrayList<>();
      for (Future<List<Long>> f : results) {
        all.addAll(f.get(60, TimeUnit.SECONDS));
      }
      assertThat(all).doesNotHaveDuplicates().hasSize(40);
    } finally {
      pool.shutdownNow();
    }
  }

  // ---- sending limits

  @Test
  void aSuspendedUserCannotSendToOtherDomains() {
    db.run(
        c ->
            new SendingLimitRepository()
                .putPolicy(c, bob, new SendingPolicy(true, null, null, null), Sql.now()));
    assertThatThrownBy(() -> enqueue("m", "alice@remote.test"))
        .isInstanceOfSatisfying(
            DeliveryException.class,
            e -> {
              assertThat(e.status().code()).isEqualTo(550);
              assertThat(e.status().enhanced()).isEqualTo("5.7.1");
            });
    assertThat(db.read((Connection c) -> Sql.count(c, "select count(*) from outbound_message")))
        .isZero();
  }

  @Test
  void theHourlyLimitRefusesTemporarilyAndAPerUserLimitWinsOverTheDefault() {
    settings.put(Setting.RELAY_LIMIT_HOUR, "2");
    enqueue("1", "a@remote.test");
    enqueue("2", "a@remote.test");
    assertThatThrownBy(() -> enqueue("3", "a@remote.test"))
        .isInstanceOfSatisfying(
            DeliveryException.class,
            e -> {
              assertThat(e.status().code()).isEqualTo(450);
              assertThat(e.status().enhanced()).isEqualTo("4.7.1");
              assertThat(e.status().text()).contains("2 messages per hour");
            });
    db.run(
        c ->
            new SendingLimitRepository()
                .putPolicy(c, bob, new SendingPolicy(false, 3, null, null), Sql.now()));
    enqueue("3", "a@remote.test");
    assertThatThrownBy(() -> enqueue("4", "a@remote.test")).isInstanceOf(DeliveryException.class);
    // bounces and other mail without a local submitter are never limited
    db.transaction(
        (Connection c) ->
            queue.enqueue(
                c,
                new Envelope("", List.of(EmailAddress.of("a@remote.test"))),
                RawMessage.of(message("bounce")),
                null));
  }

  @Test
  void tooManyRemoteRecipientsInOneMessageIsAPermanentRefusal() {
    settings.put(Setting.RELAY_LIMIT_RECIPIENTS, "2");
    enqueue("ok", "a@remote.test", "b@remote.test");
    assertThatThrownBy(() -> enqueue("no", "a@remote.test", "b@remote.test", "c@remote.test"))
        .isInstanceOfSatisfying(
            DeliveryException.class, e -> assertThat(e.status().line()).startsWith("550 5.5.3"));
  }

  @Test
  void theDailyLimitCountsTheLastDayAndOldSendsArePruned() {
    settings.put(Setting.RELAY_LIMIT_DAY, "1");
    SendingLimitRepository s = new SendingLimitRepository();
    db.run(c -> s.recordSent(c, bob, 1, Sql.now().minus(Duration.ofHours(25))));
    enqueue("1", "a@remote.test");
    assertThatThrownBy(() -> enqueue("2", "a@remote.test"))
        .isInstanceOfSatisfying(
            DeliveryException.class,
            e -> assertThat(e.status().text()).contains("1 messages per day"));
    assertThat(db.transaction((Connection c) -> s.prune(c, Sql.now().minus(Duration.ofDays(1)))))
        .isEqualTo(1);
    assertThat(db.read((Connection c) -> s.sentSince(c, bob, Sql.now().minus(Duration.ofDays(2)))))
        .isEqualTo(1);
  }

  @Test
  void limitsOfZeroMeanNoLimit() {
    settings.put(Setting.RELAY_LIMIT_HOUR, "0").put(Setting.RELAY_LIMIT_RECIPIENTS, "0");
    List<String> many = new ArrayList<String>();
    for (int i = 0; i < 150; i++) {
      many.add("r" + i + "@remote.test");
    }
    for (int i = 0; i < 3; i++) {
      enqueue("m" + i, many.toArray(String[]::new));
    }
    assertThat(db.read((Connection c) -> Sql.count(c, "select count(*) from outbound_recipient")))
        .isEqualTo(450);
  }
}
