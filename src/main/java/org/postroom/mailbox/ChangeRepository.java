package org.postroom.mailbox;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import org.postroom.db.Sql;

/**
 * The per-account change sequence and the messages deleted for good, in the caller's transaction.
 */
final class ChangeRepository {
  /** An account whose mailbox changed lately, with its current modseq. */
  record Changed(long accountId, long modseq) {}

  /** Raises the account's modseq and returns the new value (the row is locked until commit). */
  long next(Connection c, long accountId) throws SQLException {
    OffsetDateTime now = Sql.now();
    int n =
        Sql.update(
            c,
            "update mailbox_state set modseq = modseq + 1, changed_at = ? where account_id = ?",
            now,
            accountId);
    if (n == 0) {
      Sql.update(
          c,
          "insert into mailbox_state (account_id, modseq, changed_at) values (?, 2, ?)",
          accountId,
          now);
    }
    return current(c, accountId);
  }

  long current(Connection c, long accountId) throws SQLException {
    return Sql.one(
            c,
            "select modseq from mailbox_state where account_id = ?",
            rs -> rs.getLong(1),
            accountId)
        .orElse(1L);
  }

  void create(Connection c, long accountId) throws SQLException {
    Sql.update(
        c,
        "insert into mailbox_state (account_id, modseq, changed_at) values (?, 1, ?)",
        accountId,
        Sql.now());
  }

  /** Accounts whose mailbox changed after {@code since} (by any node). */
  List<Changed> changedAfter(Connection c, OffsetDateTime since) throws SQLException {
    return Sql.list(
        c,
        "select account_id, modseq from mailbox_state where changed_at > ?",
        rs -> new Changed(rs.getLong(1), rs.getLong(2)),
        since);
  }

  void gone(Connection c, StoredMessage m, long modseq) throws SQLException {
    Sql.update(
        c,
        "insert into message_gone (account_id, message_id, folder_id, thread_id, modseq, gone_at)"
            + " values (?, ?, ?, ?, ?, ?)",
        m.accountId(),
        m.id(),
        m.folderId(),
        m.threadId(),
        modseq,
        Sql.now());
  }

  /** Ids of messages of a folder deleted for good after {@code since}. */
  List<Long> goneFrom(Connection c, long accountId, long folderId, long since) throws SQLException {
    return Sql.list(
        c,
        "select message_id from message_gone where account_id = ? and modseq > ? and folder_id = ?",
        rs -> rs.getLong(1),
        accountId,
        since,
        folderId);
  }

  /** Threads of messages of a folder deleted for good after {@code since}. */
  List<Long> threadsGoneFrom(Connection c, long accountId, long folderId, long since)
      throws SQLException {
    return Sql.list(
        c,
        "select distinct thread_id from message_gone where account_id = ? and modseq > ?"
            + " and folder_id = ? and thread_id is not null",
        rs -> rs.getLong(1),
        accountId,
        since,
        folderId);
  }

  /** Forgets deletions older than {@code before}: a page or client that old reloads instead. */
  int forgetGone(Connection c, OffsetDateTime before) throws SQLException {
    return Sql.update(c, "delete from message_gone where gone_at < ?", before);
  }
}
