package org.postroom.mailbox;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.postroom.core.RawMessage;
import org.postroom.db.Sql;
import org.postroom.mime.MessageSummary;

/** Stored messages and their raw bytes. Every lookup names the owning account. */
final class MessageRepository {
  /** Messages up to this size are bound as bytes, bigger ones as a stream. */
  private static final int INLINE_BYTES = 1 << 20;

  static final String COLUMNS =
      "m.id, m.account_id, m.folder_id, m.blob_id, m.thread_id, m.received_at, m.size_bytes,"
          + " m.seen, m.flagged, m.answered, m.draft, m.from_address, m.from_name, m.to_list,"
          + " m.cc_list, m.subject, m.sent_at, m.message_id, m.in_reply_to, m.references_list,"
          + " m.has_attachments, m.snippet";

  /** Stores the raw bytes once, to be shared by {@code refCount} mailbox copies. */
  public long insertBlob(Connection c, RawMessage raw, int refCount) throws SQLException {
    try (PreparedStatement ps =
            c.prepareStatement(
                "insert into message_blob (size_bytes, ref_count, content, created_at)"
                    + " values (?, ?, ?, ?)",
                new String[] {"id"});
        InputStream in = raw.open()) {
      ps.setLong(1, raw.size());
      ps.setInt(2, refCount);
      if (raw.size() <= INLINE_BYTES) {
        // H2 turns a stream into a temporary LOB first: more pages written per commit
        ps.setBytes(3, in.readAllBytes());
      } else {
        ps.setBinaryStream(3, in, raw.size());
      }
      ps.setObject(4, Sql.now());
      ps.executeUpdate();
      try (ResultSet keys = ps.getGeneratedKeys()) {
        keys.next();
        return keys.getLong(1);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public long insert(
      Connection c,
      long accountId,
      long folderId,
      long blobId,
      long size,
      MessageFlags flags,
      MessageSummary s,
      OffsetDateTime receivedAt)
      throws SQLException {
    return insert(c, accountId, folderId, blobId, size, flags, s, receivedAt, null, false, 1);
  }

  /** Inserts a mailbox copy; {@code indexed} says its search tokens are written too. */
  public long insert(
      Connection c,
      long accountId,
      long folderId,
      long blobId,
      long size,
      MessageFlags flags,
      MessageSummary s,
      OffsetDateTime receivedAt,
      Long threadId,
      boolean indexed,
      long modseq)
      throws SQLException {
    return Sql.insert(
        c,
        "insert into message (account_id, folder_id, blob_id, received_at, size_bytes, seen,"
            + " flagged, answered, draft, from_address, from_name, to_list, cc_list, subject,"
            + " sent_at, message_id, in_reply_to, references_list, has_attachments, snippet,"
            + " thread_id, indexed, modseq)"
            + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        accountId,
        folderId,
        blobId,
        receivedAt,
        size,
        flags.seen(),
        flags.flagged(),
        flags.answered(),
        flags.draft(),
        s.fromAddress(),
        s.fromName(),
        s.toList(),
        s.ccList(),
        s.subject(),
        s.sentAt(),
        s.messageId(),
        s.inReplyTo(),
        s.references(),
        s.hasAttachments(),
        s.snippet(),
        threadId,
        indexed,
        modseq);
  }

  public Optional<StoredMessage> find(Connection c, long accountId, long messageId)
      throws SQLException {
    return Sql.one(
        c,
        "select " + COLUMNS + " from message m where m.account_id = ? and m.id = ?",
        MessageRepository::map,
        accountId,
        messageId);
  }

  /**
   * One page of a folder, newest first, continuing below {@code (beforeReceived, beforeId)} when
   * given: keyset paging over the folder index, so a deep page costs what the first one does.
   */
  public List<StoredMessage> page(
      Connection c,
      long accountId,
      long folderId,
      OffsetDateTime beforeReceived,
      Long beforeId,
      int limit)
      throws SQLException {
    return list(c, accountId, folderId, false, beforeReceived, beforeId, limit);
  }

  /**
   * A page of a folder, or with {@code threadHeads} only the newest message of each thread in it
   * (the conversation list). Ordered by every column of the index it walks, so H2 reads exactly
   * {@code limit} rows from the index (H2 sorts otherwise); {@code received_at <= ?} bounds the
   * start of the index range for a later page.
   */
  public List<StoredMessage> list(
      Connection c,
      long accountId,
      long folderId,
      boolean threadHeads,
      OffsetDateTime beforeReceived,
      Long beforeId,
      int limit)
      throws SQLException {
    String heads = threadHeads ? " and m.thread_head = true" : "";
    String order =
        threadHeads
            ? " order by m.folder_id, m.thread_head, m.received_at desc, m.id desc limit ?"
            : " order by m.folder_id, m.received_at desc, m.id desc limit ?";
    if (beforeReceived == null) {
      beforeReceived = Cursor.TOP.receivedAt();
      beforeId = Cursor.TOP.id();
    }
    return Sql.list(
        c,
        "select "
            + COLUMNS
            + " from message m where m.folder_id = ? and m.account_id = ?"
            + heads
            + " and m.received_at <= ? and (m.received_at < ? or m.id < ?)"
            + order,
        MessageRepository::map,
        folderId,
        accountId,
        beforeReceived,
        beforeReceived,
        beforeId,
        limit);
  }

  /** The account's messages changed after {@code modseq}, in every folder (at most limit). */
  public List<StoredMessage> changedSince(Connection c, long accountId, long modseq, int limit)
      throws SQLException {
    return Sql.list(
        c,
        "select " + COLUMNS + " from message m where m.account_id = ? and m.modseq > ? limit ?",
        MessageRepository::map,
        accountId,
        modseq,
        limit);
  }

  /**
   * The message next to one in its folder's list: the newer (above it) or the older (below it), in
   * the conversation view among the conversations' rows only.
   */
  public Optional<Long> neighbour(
      Connection c,
      long accountId,
      long folderId,
      OffsetDateTime receivedAt,
      long id,
      boolean heads,
      boolean newer)
      throws SQLException {
    String head = heads ? " and thread_head = true" : "";
    String sql =
        newer
            ? "select id from message where folder_id = ? and account_id = ?"
                + head
                + " and received_at >= ? and (received_at > ? or id > ?)"
                + " order by received_at, id limit 1"
            : "select id from message where folder_id = ? and account_id = ?"
                + head
                + " and received_at <= ? and (received_at < ? or id < ?)"
                + " order by folder_id, received_at desc, id desc limit 1";
    return Sql.one(c, sql, rs -> rs.getLong(1), folderId, accountId, receivedAt, receivedAt, id);
  }

  /** Ids of every message of these threads in a folder. */
  public List<Long> inThreads(
      Connection c, long accountId, long folderId, java.util.Collection<Long> threadIds)
      throws SQLException {
    if (threadIds.isEmpty()) {
      return List.of();
    }
    return Sql.list(
        c,
        "select id from message where account_id = ? and folder_id = ? and thread_id in ("
            + marks(threadIds.size())
            + ")",
        rs -> rs.getLong(1),
        inFolder(accountId, folderId, threadIds));
  }

  /** The conversation rows (thread heads) of these threads in a folder. */
  public List<StoredMessage> heads(
      Connection c, long accountId, long folderId, java.util.Collection<Long> threadIds)
      throws SQLException {
    if (threadIds.isEmpty()) {
      return List.of();
    }
    return Sql.list(
        c,
        "select "
            + COLUMNS
            + " from message m where m.account_id = ? and m.folder_id = ? and m.thread_head = true"
            + " and m.thread_id in ("
            + marks(threadIds.size())
            + ")",
        MessageRepository::map,
        inFolder(accountId, folderId, threadIds));
  }

  private static String marks(int n) {
    return String.join(",", java.util.Collections.nCopies(n, "?"));
  }

  private static Object[] inFolder(
      long accountId, long folderId, java.util.Collection<Long> threadIds) {
    List<Object> params = new java.util.ArrayList<>();
    params.add(accountId);
    params.add(folderId);
    params.addAll(threadIds);
    return params.toArray();
  }

  /** At most this many messages of a conversation are shown with a message (the newest). */
  public static final int THREAD_SHOWN = 100;

  /**
   * The newest {@link #THREAD_SHOWN} messages of a thread, oldest first, without those in some
   * folders.
   */
  public List<StoredMessage> thread(
      Connection c, long accountId, long threadId, List<Long> leaveOutFolders) throws SQLException {
    List<StoredMessage> newest =
        Sql.list(
            c,
            "select "
                + COLUMNS
                + " from message m where m.thread_id = ? and m.account_id = ?"
                + " order by m.received_at desc, m.id desc limit "
                + (THREAD_SHOWN + 50),
            MessageRepository::map,
            threadId,
            accountId);
    List<StoredMessage> out =
        new java.util.ArrayList<>(
            newest.stream()
                .filter(m -> !leaveOutFolders.contains(m.folderId()))
                .limit(THREAD_SHOWN)
                .toList());
    java.util.Collections.reverse(out);
    return out;
  }

  /** Message count and unread count of each thread (for the conversation list). */
  public java.util.Map<Long, int[]> threadCounts(
      Connection c, long accountId, java.util.Collection<Long> threadIds, List<Long> leaveOut)
      throws SQLException {
    java.util.Map<Long, int[]> out = new java.util.HashMap<>();
    if (threadIds.isEmpty()) {
      return out;
    }
    String in = String.join(",", java.util.Collections.nCopies(threadIds.size(), "?"));
    String not =
        leaveOut.isEmpty()
            ? ""
            : " and folder_id not in ("
                + String.join(",", java.util.Collections.nCopies(leaveOut.size(), "?"))
                + ")";
    List<Object> params = new java.util.ArrayList<>();
    params.add(accountId);
    params.addAll(threadIds);
    params.addAll(leaveOut);
    for (long[] row :
        Sql.list(
            c,
            "select thread_id, count(*), sum(case when seen then 0 else 1 end) from message"
                + " where account_id = ? and thread_id in ("
                + in
                + ")"
                + not
                + " group by thread_id",
            rs -> new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3)},
            params.toArray())) {
      out.put(row[0], new int[] {(int) row[1], (int) row[2]});
    }
    return out;
  }

  /** The raw bytes of a message the account owns. */
  public Optional<byte[]> content(Connection c, long accountId, long messageId)
      throws SQLException {
    return Sql.one(
        c,
        "select b.content from message m join message_blob b on b.id = m.blob_id"
            + " where m.account_id = ? and m.id = ?",
        rs -> rs.getBytes(1),
        accountId,
        messageId);
  }

  /** The messages of one folder with this Message-ID. */
  public List<Long> idsByMessageId(Connection c, long accountId, long folderId, String messageId)
      throws SQLException {
    return Sql.list(
        c,
        "select id from message where account_id = ? and folder_id = ? and message_id = ?",
        rs -> rs.getLong(1),
        accountId,
        folderId,
        messageId);
  }

  /** Messages of an account whose Message-ID header is this one (for duplicates and threads). */
  public List<Long> idsByMessageId(Connection c, long accountId, String messageId)
      throws SQLException {
    return Sql.list(
        c,
        "select id from message where account_id = ? and message_id = ?",
        rs -> rs.getLong(1),
        accountId,
        messageId);
  }

  /** Deletes one mailbox copy and, with the last reference, the raw bytes. */
  public void delete(Connection c, StoredMessage m) throws SQLException {
    Sql.update(c, "delete from search_token where message_id = ?", m.id());
    Sql.update(c, "delete from message where id = ?", m.id());
    releaseBlob(c, m.blobId(), 1);
  }

  /** Drops references to a blob; the bytes go with the last one. */
  public void releaseBlob(Connection c, long blobId, int references) throws SQLException {
    Sql.update(
        c, "update message_blob set ref_count = ref_count - ? where id = ?", references, blobId);
    Sql.update(c, "delete from message_blob where id = ? and ref_count <= 0", blobId);
  }

  /** Deletes every message of an account (before the account row goes). */
  public void deleteAllOf(Connection c, long accountId) throws SQLException {
    List<long[]> refs =
        Sql.list(
            c,
            "select blob_id, count(*) from message where account_id = ? group by blob_id",
            rs -> new long[] {rs.getLong(1), rs.getLong(2)},
            accountId);
    Sql.update(c, "delete from search_token where account_id = ?", accountId);
    Sql.update(c, "delete from message where account_id = ?", accountId);
    for (long[] r : refs) {
      releaseBlob(c, r[0], (int) r[1]);
    }
  }

  public void move(Connection c, long messageId, long folderId, long modseq) throws SQLException {
    Sql.update(
        c,
        "update message set folder_id = ?, modseq = ? where id = ?",
        folderId,
        modseq,
        messageId);
  }

  static StoredMessage map(ResultSet rs) throws SQLException {
    return new StoredMessage(
        rs.getLong("id"),
        rs.getLong("account_id"),
        rs.getLong("folder_id"),
        rs.getLong("blob_id"),
        (Long) rs.getObject("thread_id", Long.class),
        Sql.timestamp(rs, "received_at"),
        rs.getLong("size_bytes"),
        rs.getBoolean("seen"),
        rs.getBoolean("flagged"),
        rs.getBoolean("answered"),
        rs.getBoolean("draft"),
        new MessageSummary(
            rs.getString("from_address"),
            rs.getString("from_name"),
            rs.getString("to_list"),
            rs.getString("cc_list"),
            rs.getString("subject"),
            Sql.timestamp(rs, "sent_at"),
            rs.getString("message_id"),
            rs.getString("in_reply_to"),
            rs.getString("references_list"),
            rs.getBoolean("has_attachments"),
            rs.getString("snippet")));
  }
}
