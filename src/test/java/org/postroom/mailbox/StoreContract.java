package org.postroom.mailbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postroom.account.AccountFixtures;
import org.postroom.account.FailureThrottle;
import org.postroom.account.Quota;
import org.postroom.core.EmailAddress;
import org.postroom.core.RawMessage;
import org.postroom.db.DataAccessException;
import org.postroom.db.Database;
import org.postroom.db.Sql;
import org.postroom.mime.MessageParser;

/**
 * The store's behaviour that every database must show. Runs against H2 ({@code H2StoreTest}) and
 * PostgreSQL ({@code PostgresStoreIT}) over the same migrations in {@code db/}.
 */
abstract class StoreContract {
  private final FolderRepository folders = new FolderRepository();
  private final MessageRepository messages = new MessageRepository();

  Database db;

  abstract Database freshDatabase();

  @BeforeEach
  void migrate() {
    db = freshDatabase();
  }

  long newAccount(String address) {
    return db.transaction(c -> MailboxFixtures.account(c, address, "Name"));
  }

  long store(long accountId, FolderRole role, OffsetDateTime at, String subject) {
    byte[] raw =
        ("From: a@b.test\r\nSubject: " + subject + "\r\n\r\nbody " + subject + "\r\n")
            .getBytes(StandardCharsets.US_ASCII);
    return db.transaction(
        c -> {
          Folder f = folders.find(c, accountId, role).orElseThrow();
          long blob = messages.insertBlob(c, RawMessage.of(raw), 1);
          long id =
              messages.insert(
                  c,
                  accountId,
                  f.id(),
                  blob,
                  raw.length,
                  MessageFlags.NONE,
                  MessageParser.summarize(RawMessage.of(raw)),
                  at);
          folders.adjustCounts(c, f.id(), 1, 1);
          return id;
        });
  }

  @Test
  void anAddressCanBelongToOneAccountOnly() {
    newAccount("bob@example.test");
    assertThatThrownBy(() -> newAccount("BOB@example.test"))
        .isInstanceOf(DataAccessException.DuplicateKeyException.class);
  }

  @Test
  void everyAccountStartsWithTheSixStandardFoldersInOrder() {
    long bob = newAccount("bob@example.test");
    List<Folder> list = db.read(c -> folders.list(c, bob));
    assertThat(list)
        .extracting(Folder::name)
        .containsExactly("Inbox", "Drafts", "Sent", "Archive", "Junk", "Trash");
  }

  @Test
  void userFoldersSortAfterTheStandardOnesAndNamesAreUniquePerAccount() {
    long bob = newAccount("bob@example.test");
    long alice = newAccount("alice@example.test");
    db.run(c -> folders.create(c, bob, "Aardvark"));
    db.run(c -> folders.create(c, alice, "Aardvark"));
    assertThat(db.read((java.sql.Connection c) -> folders.list(c, bob)))
        .extracting(Folder::name)
        .last()
        .isEqualTo("Aardvark");
    assertThatThrownBy(() -> db.run(c -> folders.create(c, bob, "Aardvark")))
        .isInstanceOf(DataAccessException.DuplicateKeyException.class);
  }

  @Test
  void rawBytesComeBackExactlyAsStored() {
    long bob = newAccount("bob@example.test");
    byte[] raw = "Subject: x\r\n\r\n\u00e9\u0000\u00ff".getBytes(StandardCharsets.ISO_8859_1);
    long id =
        db.transaction(
            c -> {
              Folder inbox = folders.find(c, bob, FolderRole.INBOX).orElseThrow();
              long blob = messages.insertBlob(c, RawMessage.of(raw), 1);
              return messages.insert(
                  c,
                  bob,
                  inbox.id(),
                  blob,
                  raw.length,
                  MessageFlags.NONE,
                  MessageParser.summarize(RawMessage.of(raw)),
                  OffsetDateTime.now(ZoneOffset.UTC));
            });
    assertThat(db.read((java.sql.Connection c) -> messages.content(c, bob, id))).hasValue(raw);
  }

  @Test
  void anotherAccountCannotReadAMessage() {
    long bob = newAccount("bob@example.test");
    long eve = newAccount("eve@example.test");
    long id = store(bob, FolderRole.INBOX, OffsetDateTime.now(ZoneOffset.UTC), "secret");
    assertThat(db.read((java.sql.Connection c) -> messages.find(c, eve, id))).isEmpty();
    assertThat(db.read((java.sql.Connection c) -> messages.content(c, eve, id))).isEmpty();
    assertThat(db.read((java.sql.Connection c) -> messages.find(c, bob, id))).isPresent();
  }

  @Test
  void sharedBytesAreDeletedWithTheLastCopy() {
    long bob = newAccount("bob@example.test");
    long alice = newAccount("alice@example.test");
    byte[] raw = "Subject: shared\r\n\r\nhello\r\n".getBytes(StandardCharsets.US_ASCII);
    List<Long> ids =
        db.transaction(
            c -> {
              long blob = messages.insertBlob(c, RawMessage.of(raw), 2);
              List<Long> out = new ArrayList<>();
              for (long acc : List.of(bob, alice)) {
                Folder inbox = folders.find(c, acc, FolderRole.INBOX).orElseThrow();
                out.add(
                    messages.insert(
                        c,
                        acc,
                        inbox.id(),
                        blob,
                        raw.length,
                        MessageFlags.NONE,
                        MessageParser.summarize(RawMessage.of(raw)),
                        OffsetDateTime.now(ZoneOffset.UTC)));
              }
              return out;
            });
    assertThat(countBlobs()).isEqualTo(1);
    db.run(c -> messages.delete(c, messages.find(c, bob, ids.get(0)).orElseThrow()));
    assertThat(countBlobs()).isEqualTo(1);
    assertThat(db.read((java.sql.Connection c) -> messages.content(c, alice, ids.get(1))))
        .hasValue(raw);
    db.run(c -> messages.delete(c, messages.find(c, alice, ids.get(1)).orElseThrow()));
    assertThat(countBlobs()).isZero();
  }

  @Test
  void keysetPagingVisitsEveryMessageOnceNewestFirstEvenWithEqualTimestamps() {
    long bob = newAccount("bob@example.test");
    OffsetDateTime base = OffsetDateTime.of(2026, 1, 1, 12, 0, 0, 0, ZoneOffset.UTC);
    List<Long> expected = new ArrayList<>();
    for (int i = 0; i < 123; i++) {
      // groups of three share a timestamp, so the id must break ties
      expected.add(store(bob, FolderRole.INBOX, base.plusMinutes(i / 3), "m" + i));
    }
    java.util.Collections.reverse(expected);
    long inbox = db.read(c -> folders.find(c, bob, FolderRole.INBOX)).orElseThrow().id();
    List<Long> seen = new ArrayList<>();
    OffsetDateTime before = null;
    Long beforeId = null;
    for (int page = 0; page < 10; page++) {
      OffsetDateTime b = before;
      Long bi = beforeId;
      List<StoredMessage> rows = db.read(c -> messages.page(c, bob, inbox, b, bi, 50));
      rows.forEach(m -> seen.add(m.id()));
      if (rows.size() < 50) {
        break;
      }
      before = rows.get(rows.size() - 1).receivedAt();
      beforeId = rows.get(rows.size() - 1).id();
    }
    assertThat(seen).containsExactlyElementsOf(expected);
  }

  @Test
  void timestampsKeepTheirInstant() {
    long bob = newAccount("bob@example.test");
    OffsetDateTime at = OffsetDateTime.of(2026, 3, 4, 5, 6, 7, 0, ZoneOffset.ofHours(2));
    long id = store(bob, FolderRole.INBOX, at, "t");
    OffsetDateTime back = db.read(c -> messages.find(c, bob, id)).orElseThrow().receivedAt();
    assertThat(back.toInstant()).isEqualTo(at.toInstant());
  }

  @Test
  void folderCountersFollowTheMessages() {
    long bob = newAccount("bob@example.test");
    store(bob, FolderRole.INBOX, OffsetDateTime.now(ZoneOffset.UTC), "a");
    store(bob, FolderRole.INBOX, OffsetDateTime.now(ZoneOffset.UTC), "b");
    Folder inbox = db.read(c -> folders.find(c, bob, FolderRole.INBOX)).orElseThrow();
    assertThat(inbox.totalCount()).isEqualTo(2);
    assertThat(inbox.unreadCount()).isEqualTo(2);
  }

  @Test
  void deletingAnAccountRemovesItsMailAliasesTargetsAndUnsharedBytes() {
    long bob = newAccount("bob@example.test");
    long alice = newAccount("alice@example.test");
    store(bob, FolderRole.INBOX, OffsetDateTime.now(ZoneOffset.UTC), "x");
    db.run(
        c -> {
          AccountFixtures.alias(c, "team@example.test", List.of(bob, alice));
        });
    db.run(c -> MailboxFixtures.deleteAccount(c, bob));
    assertThat(countBlobs()).isZero();
    assertThat(
            db.read(c -> AccountFixtures.findAlias(c, "team@example.test")).orElseThrow().targets())
        .containsExactly(EmailAddress.of("alice@example.test"));
    assertThat(db.read((java.sql.Connection c) -> folders.list(c, bob))).isEmpty();
  }

  @Test
  void usedBytesAddUpAcrossDeliveriesAndNeverGoBelowZero() {
    long bob = newAccount("bob@example.test");
    Quota quota = new Quota();
    db.run(c -> quota.charge(c, bob, 1000));
    db.run(c -> quota.charge(c, bob, 234));
    assertThat(usedBytes(bob)).isEqualTo(1234);
    db.run(c -> quota.release(c, bob, 34));
    assertThat(usedBytes(bob)).isEqualTo(1200);
    db.run(c -> quota.release(c, bob, 5000));
    assertThat(usedBytes(bob)).isZero();
  }

  private long usedBytes(long account) {
    return db.read(c -> AccountFixtures.find(c, account)).orElseThrow().usedBytes();
  }

  @Test
  void aFailedTransactionLeavesNothingBehind() {
    assertThatThrownBy(
            () ->
                db.run(
                    c -> {
                      AccountFixtures.insert(c, "tmp@example.test", "");
                      throw new IllegalStateException("boom");
                    }))
        .hasMessage("boom");
    assertThat(db.read((java.sql.Connection c) -> AccountFixtures.find(c, "tmp@example.test")))
        .isEmpty();
  }

  @Test
  void failureThrottleBlocksAtTheLimitAndForgetsAfterTheWindow() {
    FailureThrottle t = new FailureThrottle(db);
    for (int i = 0; i < 3; i++) {
      assertThat(t.isBlocked("ip:127.0.0.9", 3, Duration.ofMinutes(15))).isFalse();
      t.recordFailure("ip:127.0.0.9", Duration.ofMinutes(15));
    }
    assertThat(t.isBlocked("ip:127.0.0.9", 3, Duration.ofMinutes(15))).isTrue();
    assertThat(t.isBlocked("ip:127.0.0.10", 3, Duration.ofMinutes(15))).isFalse();
    // a zero-length window has always expired: the next failure starts a new count
    t.recordFailure("ip:127.0.0.9", Duration.ZERO);
    assertThat(t.isBlocked("ip:127.0.0.9", 3, Duration.ofMinutes(15))).isFalse();
  }

  @Test
  void theRemoteContentPolicyKeepsTheOtherReadingSettings() {
    long alice = newAccount("alice@example.test");
    long bob = newAccount("bob@example.test");
    MailSettingsRepository settings = new MailSettingsRepository();
    db.run(c -> settings.save(c, alice, new MailSettings(25, false)));
    RemoteContent initial = db.read(c -> settings.remoteContent(c, alice));
    assertThat(initial).isEqualTo(RemoteContent.ASK);
    db.run(c -> settings.saveRemoteContent(c, alice, RemoteContent.NEVER));
    db.run(c -> settings.saveRemoteContent(c, bob, RemoteContent.ALWAYS));
    RemoteContent aliceNow = db.read(c -> settings.remoteContent(c, alice));
    MailSettings aliceReading = db.read(c -> settings.find(c, alice));
    RemoteContent bobNow = db.read(c -> settings.remoteContent(c, bob));
    MailSettings bobReading = db.read(c -> settings.find(c, bob));
    assertThat(aliceNow).isEqualTo(RemoteContent.NEVER);
    assertThat(aliceReading).isEqualTo(new MailSettings(25, false));
    assertThat(bobNow).isEqualTo(RemoteContent.ALWAYS);
    assertThat(bobReading).isEqualTo(MailSettings.DEFAULTS);
    assertThat(RemoteContent.NEVER.shows(true, true)).isFalse();
    assertThat(RemoteContent.ASK.shows(false, false)).isFalse();
    assertThat(RemoteContent.ASK.shows(false, true)).isTrue();
    assertThat(RemoteContent.ALWAYS.shows(false, false)).isTrue();
  }

  private long countBlobs() {
    return db.read(c -> Sql.count(c, "select count(*) from message_blob"));
  }
}
