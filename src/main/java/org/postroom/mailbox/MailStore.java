package org.postroom.mailbox;

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
import java.util.Set;
import org.postroom.db.Sql;
import org.postroom.mime.MimeReader;
import org.postroom.mime.ReadMessage;

/**
 * The one way a message enters a folder and the one place its state changes, so every path
 * (delivery, import, later Sent copies and drafts) keeps the same promises in the caller's
 * transaction: the thread is assigned, the search index written, the folder counters and the
 * conversation heads kept right. Never counts rows to know a counter.
 */
public final class MailStore {
  private final MessageRepository messages = new MessageRepository();
  private final FolderRepository folders = new FolderRepository();
  private final ThreadRepository threads = new ThreadRepository();
  private final SearchIndex index = new SearchIndex();

  /** What is extracted from the bytes once, however many mailboxes get a copy. */
  public record Incoming(MessageSummary summary, SearchTokens tokens) {}

  /** Parses a message once for storing: the list summary and the search words. */
  public static Incoming prepare(RawMessage raw) {
    MessageSummary summary = MessageParser.summarize(raw);
    SearchTokens tokens;
    try {
      tokens = SearchTokens.of(summary, MimeReader.read(raw.bytes()));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (RuntimeException | StackOverflowError e) {
      tokens = SearchTokens.of(summary, emptyRead());
    }
    return new Incoming(summary, tokens);
  }

  private static ReadMessage emptyRead() {
    return new ReadMessage(
        "", List.of(), List.of(), List.of(), List.of(), List.of(), null, null, null, null,
        List.of(), List.of());
  }

  /**
   * Stores one mailbox copy of a message whose bytes are already in {@code blobId}. The caller
   * holds the account row lock (quota) and accounts the used bytes.
   */
  public long append(
      Connection c,
      long accountId,
      long folderId,
      long blobId,
      long size,
      MessageRepository.Flags flags,
      Incoming in,
      OffsetDateTime receivedAt)
      throws SQLException {
    long thread = threads.assign(c, accountId, in.summary(), receivedAt);
    long id =
        messages.insert(
            c, accountId, folderId, blobId, size, flags, in.summary(), receivedAt, thread, true);
    index.add(c, accountId, id, receivedAt, in.tokens());
    folders.adjustCounts(c, folderId, 1, flags.seen() ? 0 : 1);
    threads.refreshHead(c, thread, folderId);
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
    for (StoredMessage m : owned(c, accountId, ids)) {
      if (m.seen() != seen) {
        Sql.update(c, "update message set seen = ? where id = ?", seen, m.id());
        folders.adjustCounts(c, m.folderId(), 0, seen ? -1 : 1);
        changed++;
      }
    }
    return changed;
  }

  public int setFlagged(Connection c, long accountId, Collection<Long> ids, boolean flagged)
      throws SQLException {
    int changed = 0;
    for (StoredMessage m : owned(c, accountId, ids)) {
      if (m.flagged() != flagged) {
        Sql.update(c, "update message set flagged = ? where id = ?", flagged, m.id());
        changed++;
      }
    }
    return changed;
  }

  /** Moves into a folder of the same account (the caller checked it is theirs). */
  public int move(Connection c, long accountId, Collection<Long> ids, long toFolder)
      throws SQLException {
    int moved = 0;
    Set<List<Long>> heads = new LinkedHashSet<>();
    for (StoredMessage m : owned(c, accountId, ids)) {
      if (m.folderId() == toFolder) {
        continue;
      }
      messages.move(c, m.id(), toFolder);
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
    return moved;
  }

  /** Deletes for good: the copy, its index entries and (with the last copy) the bytes. */
  public int deleteForever(Connection c, long accountId, Collection<Long> ids) throws SQLException {
    int deleted = 0;
    long bytes = 0;
    Set<List<Long>> heads = new LinkedHashSet<>();
    for (StoredMessage m : owned(c, accountId, ids)) {
      messages.delete(c, m);
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
    if (bytes > 0) {
      // the quota counter lives on the account row (account.AccountRepository#addUsedBytes)
      Sql.update(
          c,
          "update account set used_bytes = case when used_bytes > ? then used_bytes - ? else 0"
              + " end where id = ?",
          bytes,
          bytes,
          accountId);
    }
    return deleted;
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
