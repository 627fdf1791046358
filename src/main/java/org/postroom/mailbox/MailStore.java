package org.postroom.mailbox;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.postroom.account.Account;
import org.postroom.account.Quota;
import org.postroom.core.DeliveryException;
import org.postroom.core.NotFoundException;
import org.postroom.core.RawMessage;
import org.postroom.core.SmtpStatus;
import org.postroom.db.Database;
import org.postroom.db.Sql;
import org.postroom.mime.MailAddress;
import org.postroom.mime.MessageSummary;
import org.postroom.mime.MimeReader;
import org.postroom.mime.ReadMessage;

/**
 * The one way a message enters a folder and the one place its state changes, so every path
 * (delivery, import, Sent copies and drafts) keeps the same promises in the caller's transaction:
 * the thread is assigned, the search index written, the folder counters, the conversation heads and
 * the account's used bytes ({@link Quota}) kept right. Never counts rows to know a counter. Other
 * contexts reach the mailbox tables only through here, inside their own transaction.
 */
@ApplicationScoped
public class MailStore {
  private final MessageRepository messages = new MessageRepository();
  private final FolderRepository folders = new FolderRepository();
  private final ThreadRepository threads = new ThreadRepository();
  private final MailSettingsRepository settings = new MailSettingsRepository();
  private final SearchIndex index = new SearchIndex();
  private final ChangeRepository changes = new ChangeRepository();

  @Inject Quota quota;
  @Inject Database db;
  @Inject Event<JunkVerdict> junkVerdicts;

  protected MailStore() {
    // for CDI
  }

  /** For code outside the container (tests, tools). */
  public MailStore(Quota quota) {
    this.quota = quota;
  }

  /** What is extracted from the bytes once, however many mailboxes get a copy. */
  public record Incoming(MessageSummary summary, SearchTokens tokens) {}

  /** Parses a message once for storing: the list summary and the search words. */
  public static Incoming prepare(RawMessage raw) {
    MimeReader.Parsed parsed;
    try {
      parsed = MimeReader.parse(raw.bytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    SearchTokens tokens;
    try {
      tokens = SearchTokens.of(parsed.summary(), parsed.read());
    } catch (RuntimeException | StackOverflowError e) {
      tokens = SearchTokens.of(parsed.summary(), emptyRead());
    }
    return new Incoming(parsed.summary(), tokens);
  }

  private static ReadMessage emptyRead() {
    return new ReadMessage(
        "", List.of(), List.of(), List.of(), List.of(), List.of(), null, null, null, null,
        List.of(), List.of());
  }

  /**
   * Delivers one copy to the folder of each account (the Inbox, or Junk for quarantined mail): the
   * account rows are locked in id order, each must have room, the bytes are stored once for all.
   *
   * @return the new message ids, in account id order
   * @throws DeliveryException 452 when a mailbox is full (nothing is stored then)
   */
  public List<Long> deliver(
      Connection c, Collection<Long> accountIds, RawMessage raw, FolderRole role)
      throws SQLException {
    Incoming incoming = prepare(raw);
    List<Account> locked = quota.lock(c, accountIds);
    if (locked.size() != new LinkedHashSet<>(accountIds).size()) {
      throw new DeliveryException(SmtpStatus.LOCAL_ERROR); // an account went while we looked
    }
    for (Account a : locked) {
      if (a.wouldExceedQuota(raw.size())) {
        throw new DeliveryException(
            SmtpStatus.of(452, "4.2.2", "Mailbox full for " + a.address() + ", try again later"));
      }
    }
    long blob = messages.insertBlob(c, raw, locked.size());
    OffsetDateTime now = Sql.now();
    List<Long> ids = new ArrayList<>();
    for (Account a : locked) {
      Folder folder =
          folders
              .find(c, a.id(), role)
              .orElseThrow(() -> new DeliveryException(SmtpStatus.LOCAL_ERROR));
      ids.add(append(c, a.id(), folder.id(), blob, raw.size(), MessageFlags.NONE, incoming, now));
    }
    return ids;
  }

  /**
   * Files the author's own copy (Sent, Drafts): counted against the quota, never refused by it.
   *
   * @return the message id
   */
  public long file(
      Connection c, long accountId, FolderRole role, RawMessage raw, MessageFlags flags)
      throws SQLException {
    Folder folder =
        folders.find(c, accountId, role).orElseThrow(() -> new NotFoundException("No " + role));
    Incoming in = prepare(raw);
    if (role == FolderRole.SENT) {
      Optional<Long> same = sameInSent(c, accountId, folder.id(), in.summary().messageId());
      if (same.isPresent()) {
        return same.get();
      }
    }
    long blob = messages.insertBlob(c, raw, 1);
    return append(c, accountId, folder.id(), blob, raw.size(), flags, in, Sql.now());
  }

  /**
   * Files the Sent copy of mail the user submitted from a mail program, unless they turned that
   * off. A mail program that also stores its own copy (IMAP APPEND to Sent) meets the same
   * Message-ID check in {@link #file}, so Sent never holds the message twice.
   *
   * @return the Sent message's id, or empty when the user keeps no such copies
   */
  public Optional<Long> fileSubmitted(Connection c, long accountId, RawMessage raw)
      throws SQLException {
    if (!settings.sentCopy(c, accountId)) {
      return Optional.empty();
    }
    return Optional.of(file(c, accountId, FolderRole.SENT, raw, MessageFlags.SEEN));
  }

  /** The message of Sent with this Message-ID, if the user already has it there. */
  private Optional<Long> sameInSent(Connection c, long accountId, long sentFolder, String messageId)
      throws SQLException {
    if (messageId == null || messageId.isBlank()) {
      return Optional.empty();
    }
    return messages.idsByMessageId(c, accountId, sentFolder, messageId).stream().findFirst();
  }

  /**
   * Stores one mailbox copy of a message whose bytes are already in {@code blobId} and charges its
   * size to the account. The caller holds the account row lock when the quota must be checked.
   */
  long append(
      Connection c,
      long accountId,
      long folderId,
      long blobId,
      long size,
      MessageFlags flags,
      Incoming in,
      OffsetDateTime receivedAt)
      throws SQLException {
    long thread = threads.assign(c, accountId, in.summary(), receivedAt);
    long modseq = changes.next(c, accountId);
    long id =
        messages.insert(
            c,
            accountId,
            folderId,
            blobId,
            size,
            flags,
            in.summary(),
            receivedAt,
            thread,
            true,
            modseq);
    index.add(c, accountId, id, receivedAt, in.tokens());
    folders.adjustCounts(c, folderId, 1, flags.seen() ? 0 : 1);
    threads.refreshHead(c, thread, folderId);
    quota.charge(c, accountId, size);
    return id;
  }

  /** Threads and indexes a message stored without them (before this schema, or a crash). */
  public void catchUp(Connection c, StoredMessage m, byte[] raw) throws SQLException {
    Incoming in = prepare(RawMessage.of(raw));
    long thread =
        m.threadId() != null
            ? m.threadId()
            : threads.assign(c, m.accountId(), m.summary(), m.receivedAt());
    Sql.update(c, "delete from search_token where message_id = ?", m.id());
    index.add(c, m.accountId(), m.id(), m.receivedAt(), in.tokens());
    Sql.update(c, "update message set thread_id = ?, indexed = true where id = ?", thread, m.id());
    threads.refreshHead(c, thread, m.folderId());
  }

  /** The rows of these ids that the account owns (others' ids are silently not there). */
  public List<StoredMessage> owned(Connection c, long accountId, Collection<Long> ids)
      throws SQLException {
    if (ids.isEmpty()) {
      return List.of();
    }
    List<Object> params = new ArrayList<>();
    params.add(accountId);
    params.addAll(ids);
    return Sql.list(
        c,
        "select "
            + MessageRepository.COLUMNS
            + " from message m where m.account_id = ? and m.id in ("
            + String.join(",", Collections.nCopies(ids.size(), "?"))
            + ")",
        MessageRepository::map,
        params.toArray());
  }

  /** Marks read or unread; returns how many changed. */
  public int setSeen(Connection c, long accountId, Collection<Long> ids, boolean seen)
      throws SQLException {
    int changed = 0;
    Modseq modseq = new Modseq(accountId);
    for (StoredMessage m : owned(c, accountId, ids)) {
      if (m.seen() != seen) {
        Sql.update(
            c, "update message set seen = ?, modseq = ? where id = ?", seen, modseq.get(c), m.id());
        folders.adjustCounts(c, m.folderId(), 0, seen ? -1 : 1);
        changed++;
      }
    }
    return changed;
  }

  public int setFlagged(Connection c, long accountId, Collection<Long> ids, boolean flagged)
      throws SQLException {
    int changed = 0;
    Modseq modseq = new Modseq(accountId);
    for (StoredMessage m : owned(c, accountId, ids)) {
      if (m.flagged() != flagged) {
        Sql.update(
            c,
            "update message set flagged = ?, modseq = ? where id = ?",
            flagged,
            modseq.get(c),
            m.id());
        changed++;
      }
    }
    return changed;
  }

  /** Moves into a folder of the same account (the caller checked it is theirs). */
  public int move(Connection c, long accountId, Collection<Long> ids, long toFolder)
      throws SQLException {
    int moved = 0;
    Modseq modseq = new Modseq(accountId);
    Set<List<Long>> heads = new LinkedHashSet<>();
    long junk = folders.find(c, accountId, FolderRole.JUNK).map(Folder::id).orElse(-1L);
    long trash = folders.find(c, accountId, FolderRole.TRASH).map(Folder::id).orElse(-1L);
    List<Long> spam = new ArrayList<>();
    List<Long> ham = new ArrayList<>();
    for (StoredMessage m : owned(c, accountId, ids)) {
      if (m.folderId() == toFolder) {
        continue;
      }
      if (toFolder == junk) {
        spam.add(m.id());
      } else if (m.folderId() == junk && toFolder != trash) {
        ham.add(m.id());
      }
      messages.move(c, m.id(), toFolder, modseq.get(c));
      int unread = m.seen() ? 0 : 1;
      folders.adjustCounts(c, m.folderId(), -1, -unread);
      folders.adjustCounts(c, toFolder, 1, unread);
      if (m.threadId() != null) {
        heads.add(List.of(m.threadId(), m.folderId()));
        heads.add(List.of(m.threadId(), toFolder));
      }
      moved++;
    }
    for (List<Long> h : heads) {
      threads.refreshHead(c, h.get(0), h.get(1));
    }
    verdict(accountId, spam, true);
    verdict(accountId, ham, false);
    return moved;
  }

  /** Tells a content filter, once the move committed, what the user said these messages are. */
  private void verdict(long accountId, List<Long> ids, boolean spam) {
    if (ids.isEmpty() || db == null || junkVerdicts == null) {
      return; // outside the container nobody listens
    }
    JunkVerdict v = new JunkVerdict(accountId, ids, spam);
    db.afterCommit(() -> junkVerdicts.fireAsync(v));
  }

  /** Deletes for good: the copy, its index entries and (with the last copy) the bytes. */
  public int deleteForever(Connection c, long accountId, Collection<Long> ids) throws SQLException {
    int deleted = 0;
    long bytes = 0;
    Modseq modseq = new Modseq(accountId);
    Set<List<Long>> heads = new LinkedHashSet<>();
    for (StoredMessage m : owned(c, accountId, ids)) {
      messages.delete(c, m);
      changes.gone(c, m, modseq.get(c));
      folders.adjustCounts(c, m.folderId(), -1, m.seen() ? 0 : -1);
      if (m.threadId() != null) {
        heads.add(List.of(m.threadId(), m.folderId()));
      }
      bytes += m.sizeBytes();
      deleted++;
    }
    for (List<Long> h : heads) {
      threads.refreshHead(c, h.get(0), h.get(1));
    }
    quota.release(c, accountId, bytes);
    return deleted;
  }

  /** A reply went out: the original is marked answered. */
  public void markAnswered(Connection c, long accountId, long messageId) throws SQLException {
    if (messages.find(c, accountId, messageId).isPresent()) {
      Sql.update(
          c,
          "update message set answered = true, modseq = ? where id = ? and account_id = ?",
          changes.next(c, accountId),
          messageId,
          accountId);
    }
  }

  /**
   * Something of the account's mailbox changed that no message carries (a folder was created,
   * renamed or deleted): the modseq rises, so live pages look again.
   */
  void folderChanged(Connection c, long accountId) throws SQLException {
    changes.next(c, accountId);
  }

  /** The modseq of one call's changes: raised once, on the first change. */
  private final class Modseq {
    private final long accountId;
    private long value;

    Modseq(long accountId) {
      this.accountId = accountId;
    }

    long get(Connection c) throws SQLException {
      if (value == 0) {
        value = changes.next(c, accountId);
      }
      return value;
    }
  }

  /** One of the account's messages (another account's id is not there). */
  public Optional<StoredMessage> find(Connection c, long accountId, long messageId)
      throws SQLException {
    return messages.find(c, accountId, messageId);
  }

  /** The raw bytes of one of the account's messages. */
  public Optional<byte[]> content(Connection c, long accountId, long messageId)
      throws SQLException {
    return messages.content(c, accountId, messageId);
  }

  /**
   * Senders of the account's messages whose address or lower-cased name matches the LIKE pattern
   * (escape {@code \\}), at most {@code limit} distinct ones, in no particular order: the database
   * may stop there instead of sorting every match of a short prefix in a large mailbox.
   */
  public List<MailAddress> senders(Connection c, long accountId, String like, int limit)
      throws SQLException {
    return Sql.list(
        c,
        "select distinct from_name, from_address from message where account_id = ?"
            + " and from_address is not null"
            + " and (lower(from_address) like ? escape '\\' or lower(from_name) like ? escape '\\')"
            + " limit ?",
        rs -> new MailAddress(rs.getString(1) == null ? "" : rs.getString(1), rs.getString(2)),
        accountId,
        like,
        like,
        limit);
  }

  /**
   * The To and Cc lists (as stored, "Name <a@b>, c@d") of the account's messages in Sent whose
   * lists match the LIKE pattern, at most {@code limit} distinct pairs joined by ", ".
   */
  public List<String> sentRecipientLists(Connection c, long accountId, String like, int limit)
      throws SQLException {
    return Sql.list(
        c,
        "select distinct m.to_list, m.cc_list from message m join folder f on f.id = m.folder_id"
            + " where m.account_id = ? and f.account_id = ? and f.role = 'SENT'"
            + " and (lower(m.to_list) like ? escape '\\' or lower(m.cc_list) like ? escape '\\')"
            + " limit ?",
        rs ->
            (rs.getString(1) == null ? "" : rs.getString(1))
                + ", "
                + (rs.getString(2) == null ? "" : rs.getString(2)),
        accountId,
        accountId,
        like,
        like,
        limit);
  }

  /** Ids of every message in a folder (for emptying Trash or Junk). */
  public List<Long> idsIn(Connection c, long accountId, long folderId) throws SQLException {
    return Sql.list(
        c,
        "select id from message where account_id = ? and folder_id = ?",
        rs -> rs.getLong(1),
        accountId,
        folderId);
  }
}
