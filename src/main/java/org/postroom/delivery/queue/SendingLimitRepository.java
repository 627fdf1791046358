package org.postroom.delivery.queue;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.Optional;
import org.postroom.db.Sql;

/**
 * Per-user sending policies and the log of sent messages that the hourly and daily limits count.
 */
final class SendingLimitRepository {
  public Optional<SendingPolicy> policy(Connection c, long accountId) throws SQLException {
    return Sql.one(
        c,
        "select suspended, per_hour, per_day, per_message from sending_policy where account_id = ?",
        rs ->
            new SendingPolicy(
                rs.getBoolean(1),
                rs.getObject(2, Integer.class),
                rs.getObject(3, Integer.class),
                rs.getObject(4, Integer.class)),
        accountId);
  }

  public void putPolicy(Connection c, long accountId, SendingPolicy p, OffsetDateTime now)
      throws SQLException {
    int n =
        Sql.update(
            c,
            "update sending_policy set suspended = ?, per_hour = ?, per_day = ?, per_message = ?,"
                + " updated_at = ? where account_id = ?",
            p.suspended(),
            p.perHour(),
            p.perDay(),
            p.recipientsPerMessage(),
            now,
            accountId);
    if (n == 0) {
      Sql.update(
          c,
          "insert into sending_policy (account_id, suspended, per_hour, per_day, per_message,"
              + " updated_at) values (?, ?, ?, ?, ?, ?)",
          accountId,
          p.suspended(),
          p.perHour(),
          p.perDay(),
          p.recipientsPerMessage(),
          now);
    }
  }

  /** Messages the account sent to other domains since then. */
  public long sentSince(Connection c, long accountId, OffsetDateTime since) throws SQLException {
    return Sql.count(
        c,
        "select count(*) from outbound_sent where account_id = ? and sent_at > ?",
        accountId,
        since);
  }

  public void recordSent(Connection c, long accountId, int recipients, OffsetDateTime now)
      throws SQLException {
    Sql.update(
        c,
        "insert into outbound_sent (account_id, sent_at, recipients) values (?, ?, ?)",
        accountId,
        now,
        recipients);
  }

  /** Forgets sends older than the longest window. */
  public int prune(Connection c, OffsetDateTime before) throws SQLException {
    return Sql.update(c, "delete from outbound_sent where sent_at < ?", before);
  }
}
