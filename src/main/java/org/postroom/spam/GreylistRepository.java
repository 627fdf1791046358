package org.postroom.spam;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.Optional;
import org.postroom.db.Sql;

/** The {@code greylist} table: one row per (client network, sender, recipient) triple. */
final class GreylistRepository {
  /** A triple as stored. */
  record Triple(OffsetDateTime firstSeen, OffsetDateTime passedAt) {}

  Optional<Triple> find(Connection c, String net, String sender, String recipient)
      throws SQLException {
    return Sql.one(
        c,
        "select first_seen, passed_at from greylist"
            + " where client_net = ? and sender = ? and recipient = ?",
        rs -> new Triple(Sql.timestamp(rs, "first_seen"), Sql.timestamp(rs, "passed_at")),
        net,
        sender,
        recipient);
  }

  /** Whether this sender passed before from this network (to anyone). */
  boolean senderPassed(Connection c, String net, String sender) throws SQLException {
    return Sql.count(
            c,
            "select count(*) from greylist"
                + " where client_net = ? and sender = ? and passed_at is not null",
            net,
            sender)
        > 0;
  }

  /** Whether mail from this domain passed before (from any network). */
  boolean domainPassed(Connection c, String domain) throws SQLException {
    return Sql.count(
            c,
            "select count(*) from greylist where sender_domain = ? and passed_at is not null",
            domain)
        > 0;
  }

  void insert(
      Connection c,
      String net,
      String sender,
      String domain,
      String recipient,
      OffsetDateTime now,
      boolean passed)
      throws SQLException {
    Sql.update(
        c,
        "insert into greylist (client_net, sender, sender_domain, recipient, first_seen,"
            + " passed_at, last_seen) values (?, ?, ?, ?, ?, ?, ?)",
        net,
        sender,
        domain,
        recipient,
        now,
        passed ? now : null,
        now);
  }

  void pass(Connection c, String net, String sender, String recipient, OffsetDateTime now)
      throws SQLException {
    Sql.update(
        c,
        "update greylist set passed_at = coalesce(passed_at, ?), last_seen = ?"
            + " where client_net = ? and sender = ? and recipient = ?",
        now,
        now,
        net,
        sender,
        recipient);
  }

  /** Starts the wait again for a triple whose sender did not come back in time. */
  void restart(Connection c, String net, String sender, String recipient, OffsetDateTime now)
      throws SQLException {
    Sql.update(
        c,
        "update greylist set first_seen = ?, last_seen = ?"
            + " where client_net = ? and sender = ? and recipient = ? and passed_at is null",
        now,
        now,
        net,
        sender,
        recipient);
  }

  /**
   * Removes passed triples unseen since {@code passedBefore} and waiting ones older than the other.
   */
  int purge(Connection c, OffsetDateTime passedBefore, OffsetDateTime waitingBefore)
      throws SQLException {
    return Sql.update(
        c,
        "delete from greylist where (passed_at is not null and last_seen < ?)"
            + " or (passed_at is null and first_seen < ?)",
        passedBefore,
        waitingBefore);
  }
}
