package org.postroom.mailbox;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postroom.account.AccountFixtures;
import org.postroom.account.Quota;
import org.postroom.account.Role;
import org.postroom.core.DeliveryException;
import org.postroom.core.RawMessage;
import org.postroom.db.Database;
import org.postroom.db.Sql;
import org.postroom.mime.MessageParser;

/**
 * Threads, conversation heads, counters and search as every database must keep them. Runs on H2
 * ({@code H2MailStoreTest}) and PostgreSQL ({@code PostgresMailStoreIT}) over the migrations.
 */
abstract class MailStoreContract {
  private final FolderRepository folders = new FolderRepository();
  private final MessageRepository messages = new MessageRepository();
  private final MailStore store = new MailStore(new Quota());
  private final SearchIndex index = new SearchIndex();
  private static final OffsetDateTime T0 =
      OffsetDateTime.of(2026, 3, 1, 9, 0, 0, 0, ZoneOffset.UTC);

  Database db;
  long bob;
  long eve;

  abstract Database freshDatabase();

  @BeforeEach
  void setUp() {
    db = freshDatabase();
    bob = account("bob@example.test");
    eve = account("eve@example.test");
  }

  long account(String address) {
    return db.transaction(
        c -> {
          return MailboxFixtures.account(c, address, "Name");
        });
  }

  long folder(long account, FolderRole role) {
    return db.read(c -> folders.find(c, account, role)).orElseThrow().id();
  }

  Folder folderRow(long account, FolderRole role) {
    return db.read(c -> folders.find(c, account, role)).orElseThrow();
  }

  /** Stores a message given as header lines and a body, received {@code minutes} after T0. */
  long put(long account, FolderRole role, int minutes, String headers, String body) {
    byte[] raw =
        (headers.replace("\n", "\r\n") + "\r\n\r\n" + body.replace("\n", "\r\n"))
            .getBytes(StandardCharsets.UTF_8);
    MailStore.Incoming in = MailStore.prepare(RawMessage.of(raw));
    return db.transaction(
        c -> {
          long blob = messages.insertBlob(c, RawMessage.of(raw), 1);
          return store.append(
              c,
              account,
              folder(account, role),
              blob,
              raw.length,
              MessageFlags.NONE,
              in,
              T0.plusMinutes(minutes));
        });
  }

  StoredMessage get(long account, long id) {
    return db.read(c -> messages.find(c, account, id)).orElseThrow();
  }

  List<Long> search(long account, String q) {
    return db
        .read(
            c ->
                index.search(
                    c, account, SearchQuery.parse(q, "q"), null, List.of(), null, null, 100))
        .stream()
        .map(StoredMessage::id)
        .toList();
  }

  List<Long> conversationList(long account, FolderRole role) {
    return db
        .read(c -> messages.list(c, account, folder(account, role), true, null, null, 100))
        .stream()
        .map(StoredMessage::id)
        .toList();
  }

  long usedBytes(long account) {
    return db.read(c -> AccountFixtures.find(c, account)).orElseThrow().usedBytes();
  }

  @Test
  void submittedMailIsFiledInSentOnceAndOnlyWhileTheUserWantsIt() {
    put(
        bob,
        FolderRole.INBOX,
        0,
        "Message-ID: <q@remote.test>\nFrom: ann@remote.test\nSubject: Plan",
        "?");
    byte[] reply =
        ("Message-ID: <r@example.test>\r\nIn-Reply-To: <q@remote.test>\r\nFrom: bob@example.test"
                + "\r\nTo: ann@remote.test\r\nSubject: Re: Plan\r\n\r\nYes\r\n")
            .getBytes(StandardCharsets.UTF_8);
    long sent = folder(bob, FolderRole.SENT);
    long first =
        db.transaction(c -> store.fileSubmitted(c, bob, RawMessage.of(reply))).orElseThrow();
    assertThat(get(bob, first).folderId()).isEqualTo(sent);
    assertThat(get(bob, first).seen()).isTrue();
    // in the conversation of what it answers
    long question = db.read(c -> messages.idsByMessageId(c, bob, "<q@remote.test>")).get(0);
    assertThat(get(bob, first).threadId()).isEqualTo(get(bob, question).threadId());
    // a mail program that stores its own copy in Sent as well: still one
    long again =
        db.transaction(
            c -> store.file(c, bob, FolderRole.SENT, RawMessage.of(reply), MessageFlags.SEEN));
    assertThat(again).isEqualTo(first);
    List<Long> copies = db.read(c -> messages.idsByMessageId(c, bob, "<r@example.test>"));
    assertThat(copies).hasSize(1);
    // turned off: nothing is filed
    db.run(c -> new MailSettingsRepository().saveSentCopy(c, bob, false));
    byte[] other =
        new String(reply, StandardCharsets.UTF_8)
            .replace("<r@", "<s@")
            .getBytes(StandardCharsets.UTF_8);
    java.util.Optional<Long> none =
        db.transaction(c -> store.fileSubmitted(c, bob, RawMessage.of(other)));
    assertThat(none).isEmpty();
    List<Long> stored = db.read(c -> messages.idsByMessageId(c, bob, "<s@example.test>"));
    assertThat(stored).isEmpty();
  }

  @Test
  void everyCopyIsChargedWhenItArrivesAndReleasedWhenItIsDeletedForGood() {
    byte[] raw = "Subject: q\r\n\r\nhello\r\n".getBytes(StandardCharsets.US_ASCII);
    List<Long> ids =
        db.transaction(
            c -> store.deliver(c, List.of(eve, bob), RawMessage.of(raw), FolderRole.INBOX));
    assertThat(ids).hasSize(2);
    assertThat(usedBytes(bob)).isEqualTo(raw.length);
    assertThat(usedBytes(eve)).isEqualTo(raw.length);
    long sent =
        db.transaction(
            c -> store.file(c, bob, FolderRole.SENT, RawMessage.of(raw), MessageFlags.SEEN));
    assertThat(usedBytes(bob)).isEqualTo(2L * raw.length);
    db.run(c -> store.deleteForever(c, bob, List.of(ids.get(0), sent)));
    assertThat(usedBytes(bob)).isZero();
    assertThat(usedBytes(eve)).isEqualTo(raw.length);
  }

  @Test
  void aFullMailboxRefusesDeliveryWithA452AndNothingIsStored() {
    long small =
        db.transaction(c -> MailboxFixtures.account(c, "small@example.test", "S", Role.USER, 100));
    byte[] raw =
        ("Subject: big\r\n\r\n" + "x".repeat(200) + "\r\n").getBytes(StandardCharsets.US_ASCII);
    DeliveryException e =
        org.junit.jupiter.api.Assertions.assertThrows(
            DeliveryException.class,
            () ->
                db.transaction(
                    c ->
                        store.deliver(
                            c, List.of(bob, small), RawMessage.of(raw), FolderRole.INBOX)));
    assertThat(e.status().line()).startsWith("452 4.2.2 Mailbox full for small@example.test");
    assertThat(usedBytes(bob)).isZero();
    assertThat(folderRow(bob, FolderRole.INBOX).totalCount()).isZero();
  }

  @Test
  void aReplyJoinsItsParentsThreadAndTheListShowsTheConversationOnceByItsNewestMessage() {
    long a = put(bob, FolderRole.INBOX, 0, "Message-ID: <a@x>\nSubject: Plan", "first");
    long other = put(bob, FolderRole.INBOX, 1, "Message-ID: <o@x>\nSubject: Other", "other");
    long b =
        put(
            bob,
            FolderRole.INBOX,
            2,
            "Message-ID: <b@x>\nIn-Reply-To: <a@x>\nReferences: <a@x>\nSubject: Re: Plan",
            "second");
    assertThat(get(bob, b).threadId()).isEqualTo(get(bob, a).threadId());
    assertThat(get(bob, other).threadId()).isNotEqualTo(get(bob, a).threadId());
    assertThat(conversationList(bob, FolderRole.INBOX)).containsExactly(b, other);
  }

  @Test
  void aReplyThatArrivesBeforeItsParentIsMergedWithItWhenTheParentComes() {
    long a = put(bob, FolderRole.INBOX, 0, "Message-ID: <a@x>\nSubject: Trip", "root");
    // c answers b, which has not arrived: it starts a thread of its own
    long c =
        put(
            bob,
            FolderRole.INBOX,
            1,
            "Message-ID: <c@x>\nIn-Reply-To: <b@x>\nReferences: <b@x>\nSubject: Re: Re: Trip",
            "third");
    assertThat(get(bob, c).threadId()).isNotEqualTo(get(bob, a).threadId());
    assertThat(conversationList(bob, FolderRole.INBOX)).hasSize(2);
    long b =
        put(
            bob,
            FolderRole.INBOX,
            2,
            "Message-ID: <b@x>\nIn-Reply-To: <a@x>\nSubject: Re: Trip",
            "second");
    long thread = get(bob, a).threadId();
    assertThat(List.of(get(bob, b).threadId(), get(bob, c).threadId())).containsOnly(thread);
    assertThat(conversationList(bob, FolderRole.INBOX)).containsExactly(b);
    assertThat(db.read((java.sql.Connection x) -> messages.thread(x, bob, thread, List.of())))
        .extracting(StoredMessage::id)
        .containsExactly(a, c, b);
  }

  @Test
  void onlyRepliesWithoutParentHeadersAreGroupedBySubject() {
    long a = put(bob, FolderRole.INBOX, 0, "Message-ID: <s1@x>\nSubject: Lunch", "one");
    long b = put(bob, FolderRole.INBOX, 5, "Message-ID: <s2@x>\nSubject: RE: lunch", "two");
    long c =
        put(
            bob,
            FolderRole.INBOX,
            6,
            "Message-ID: <s3@x>\nIn-Reply-To: <unknown@x>\nSubject: Re: Lunch",
            "three");
    long d = put(bob, FolderRole.INBOX, 7, "Message-ID: <s4@x>\nSubject: Lunch", "a new lunch");
    assertThat(get(bob, b).threadId()).isEqualTo(get(bob, a).threadId());
    assertThat(get(bob, c).threadId()).isNotEqualTo(get(bob, a).threadId());
    // the same subject without Re: is a new conversation (daily reports, notifications)
    assertThat(get(bob, d).threadId()).isNotEqualTo(get(bob, a).threadId());
  }

  @Test
  void aConversationSpansFoldersSoTheSentReplyShowsBesideTheInbox() {
    long a = put(bob, FolderRole.INBOX, 0, "Message-ID: <q@x>\nSubject: Question", "q");
    long r =
        put(
            bob,
            FolderRole.SENT,
            3,
            "Message-ID: <r@x>\nIn-Reply-To: <q@x>\nSubject: Re: Question",
            "answer");
    assertThat(get(bob, r).threadId()).isEqualTo(get(bob, a).threadId());
    assertThat(conversationList(bob, FolderRole.INBOX)).containsExactly(a);
    assertThat(conversationList(bob, FolderRole.SENT)).containsExactly(r);
    java.util.Map<Long, int[]> counts =
        db.read(c -> messages.threadCounts(c, bob, List.of(get(bob, a).threadId()), List.of()));
    assertThat(counts.get(get(bob, a).threadId())).containsExactly(2, 2);
  }

  @Test
  void threadsOfOneAccountNeverCatchAnotherAccountsMessages() {
    long mine = put(bob, FolderRole.INBOX, 0, "Message-ID: <same@x>\nSubject: S", "b");
    long theirs =
        put(
            eve,
            FolderRole.INBOX,
            1,
            "Message-ID: <t@x>\nIn-Reply-To: <same@x>\nSubject: Re: S",
            "e");
    assertThat(get(eve, theirs).threadId()).isNotEqualTo(get(bob, mine).threadId());
  }

  @Test
  void countersFollowReadMoveAndDeleteAndHeadsMoveWithTheMessages() {
    long a = put(bob, FolderRole.INBOX, 0, "Message-ID: <h1@x>\nSubject: H", "one");
    long b =
        put(
            bob,
            FolderRole.INBOX,
            1,
            "Message-ID: <h2@x>\nIn-Reply-To: <h1@x>\nSubject: Re: H",
            "two");
    assertThat(folderRow(bob, FolderRole.INBOX).unreadCount()).isEqualTo(2);
    db.run(c -> store.setSeen(c, bob, List.of(a, b), true));
    db.run(c -> store.setSeen(c, bob, List.of(a), true));
    assertThat(folderRow(bob, FolderRole.INBOX).unreadCount()).isZero();
    db.run(c -> store.setSeen(c, bob, List.of(b), false));
    db.run(c -> store.move(c, bob, List.of(b), folder(bob, FolderRole.ARCHIVE)));
    assertThat(folderRow(bob, FolderRole.INBOX).totalCount()).isEqualTo(1);
    assertThat(folderRow(bob, FolderRole.INBOX).unreadCount()).isZero();
    assertThat(folderRow(bob, FolderRole.ARCHIVE).unreadCount()).isEqualTo(1);
    assertThat(conversationList(bob, FolderRole.INBOX)).containsExactly(a);
    assertThat(conversationList(bob, FolderRole.ARCHIVE)).containsExactly(b);
    db.run(c -> store.deleteForever(c, bob, List.of(b)));
    assertThat(folderRow(bob, FolderRole.ARCHIVE).totalCount()).isZero();
    assertThat(folderRow(bob, FolderRole.ARCHIVE).unreadCount()).isZero();
    assertThat(conversationList(bob, FolderRole.ARCHIVE)).isEmpty();
    long tokens =
        db.read(c -> Sql.count(c, "select count(*) from search_token where message_id = ?", b));
    assertThat(tokens).isZero();
  }

  @Test
  void anotherAccountsIdsAreNeitherChangedNorMoved() {
    long a = put(bob, FolderRole.INBOX, 0, "Subject: mine", "x");
    assertThat(db.transaction((java.sql.Connection c) -> store.setSeen(c, eve, List.of(a), true)))
        .isZero();
    assertThat(
            db.transaction(
                (java.sql.Connection c) ->
                    store.move(c, eve, List.of(a), folder(eve, FolderRole.TRASH))))
        .isZero();
    assertThat(db.transaction((java.sql.Connection c) -> store.deleteForever(c, eve, List.of(a))))
        .isZero();
    assertThat(get(bob, a).seen()).isFalse();
    assertThat(get(bob, a).folderId()).isEqualTo(folder(bob, FolderRole.INBOX));
  }

  @Test
  void searchFindsWordsInEveryFieldWithAccentsAndCaseIgnored() {
    long a =
        put(
            bob,
            FolderRole.INBOX,
            0,
            "From: =?UTF-8?Q?J=C3=BCrgen_M=C3=BCller?= <juergen@example.de>\nTo: Bob <bob@example.test>\n"
                + "Subject: Quarterly figures\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=b",
            "--b\nContent-Type: text/plain; charset=utf-8\n\nThe budget for Zürich is attached.\n"
                + "--b\nContent-Type: application/pdf\nContent-Disposition: attachment; filename=\"Forecast-2026.pdf\"\n"
                + "Content-Transfer-Encoding: base64\n\nJVBERi0=\n--b--\n");
    long other =
        put(bob, FolderRole.INBOX, 1, "From: alice@example.org\nSubject: Lunch", "pizza today");
    assertThat(search(bob, "budget")).containsExactly(a);
    assertThat(search(bob, "ZURICH")).containsExactly(a);
    assertThat(search(bob, "quarterly")).containsExactly(a);
    assertThat(search(bob, "jurgen")).containsExactly(a);
    assertThat(search(bob, "from:juergen@example.de")).containsExactly(a);
    assertThat(search(bob, "from:alice")).containsExactly(other);
    assertThat(search(bob, "filename:forecast")).containsExactly(a);
    assertThat(search(bob, "forecast 2026")).containsExactly(a);
    assertThat(search(bob, "budget pizza")).isEmpty();
    assertThat(search(bob, "piz*")).containsExactly(other);
    assertThat(search(bob, "has:attachment")).containsExactly(a);
    assertThat(search(eve, "budget")).isEmpty();
  }

  @Test
  void searchFiltersAndPagesNewestFirst() {
    List<Long> ids = new ArrayList<>();
    for (int i = 0; i < 25; i++) {
      ids.add(put(bob, FolderRole.INBOX, i, "Subject: report " + i, "weekly report number " + i));
    }
    db.run(c -> store.setFlagged(c, bob, List.of(ids.get(3)), true));
    db.run(c -> store.setSeen(c, bob, ids.subList(0, 20), true));
    assertThat(search(bob, "report is:flagged")).containsExactly(ids.get(3));
    assertThat(search(bob, "report is:unread")).hasSize(5);
    List<Long> seen = new ArrayList<>();
    OffsetDateTime before = null;
    Long beforeId = null;
    for (int page = 0; page < 10; page++) {
      OffsetDateTime b = before;
      Long bi = beforeId;
      List<StoredMessage> rows =
          db.read(
              c ->
                  index.search(
                      c, bob, SearchQuery.parse("weekly", "q"), null, List.of(), b, bi, 10));
      rows.forEach(m -> seen.add(m.id()));
      if (rows.size() < 10) {
        break;
      }
      before = rows.get(9).receivedAt();
      beforeId = rows.get(9).id();
    }
    List<Long> expected = new ArrayList<>(ids);
    java.util.Collections.reverse(expected);
    assertThat(seen).containsExactlyElementsOf(expected);
    assertThat(
            db.read(
                (java.sql.Connection c) ->
                    index.search(
                        c,
                        bob,
                        SearchQuery.parse("weekly after:2026-03-02", "q"),
                        null,
                        List.of(),
                        null,
                        null,
                        100)))
        .isEmpty();
  }

  @Test
  void catchUpIndexesAndThreadsMailStoredWithoutIt() {
    byte[] raw =
        "Message-ID: <old@x>\r\nSubject: Legacy\r\n\r\nstored before search existed\r\n"
            .getBytes(StandardCharsets.US_ASCII);
    long id =
        db.transaction(
            c ->
                messages.insert(
                    c,
                    bob,
                    folder(bob, FolderRole.INBOX),
                    messages.insertBlob(c, RawMessage.of(raw), 1),
                    raw.length,
                    MessageFlags.NONE,
                    MessageParser.summarize(RawMessage.of(raw)),
                    T0));
    assertThat(search(bob, "legacy")).isEmpty();
    SearchCatchUp catchUp = new SearchCatchUp();
    catchUp.db = db;
    catchUp.store = store;
    assertThat(catchUp.run()).isEqualTo(1);
    assertThat(search(bob, "legacy")).containsExactly(id);
    assertThat(get(bob, id).threadId()).isNotNull();
    assertThat(conversationList(bob, FolderRole.INBOX)).containsExactly(id);
    assertThat(catchUp.run()).isZero();
  }
}
