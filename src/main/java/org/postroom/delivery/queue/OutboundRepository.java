package org.postroom.delivery.queue;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.postroom.core.EmailAddress;
import org.postroom.core.RawMessage;
import org.postroom.db.Sql;
import org.postroom.mime.MessageSummary;

/**
 * The outbound queue's tables. Every method takes the caller's connection (and transaction). Claims
 * are leases in the database: a recipient is claimed by writing a lease token and an expiry, and
 * only the holder of the token can record its result, so several nodes can work one queue. A lease
 * ends by clearing its expiry; the token stays on the row (one index write less per delivery) and
 * means nothing without an expiry.
 */
final class OutboundRepository {
  private static final String ACTIVE = "r.state in ('QUEUED', 'DEFERRED')";
  private static final String FREE = "(r.lease_until is null or r.lease_until < ?)";

  /** A recipient that still needs the message's bytes: not final, or a notice not sent. */
  private static final String NEEDED = "(" + ACTIVE + " or r.notify is not null)";

  /** A notice that can go now (a bounce that was refused waits until next_attempt_at). */
  private static final String NOTICE_DUE =
      "(r.notify = 'DELAYED' or (r.notify = 'FAILED' and r.next_attempt_at <= ?))";

  private static final String RECIPIENT_COLUMNS =
      "r.id, r.message_id, r.address, r.domain, r.state, r.attempts, r.next_attempt_at,"
          + " r.last_attempt_at, r.last_reply, r.remote_host, r.finished_at, r.lease_until,"
          + " r.notify";
  private static final String MESSAGE_COLUMNS =
      "m.id, m.reverse_path, m.submitter_id, m.size_bytes, m.header_message_id, m.subject,"
          + " m.created_at";

  // ---- enqueue

  /** Stores the message bytes once; its recipients are added with {@link #insertRecipient}. */
  public long insertMessage(
      Connection c,
      String reversePath,
      Long submitterId,
      RawMessage raw,
      MessageSummary summary,
      OffsetDateTime now)
      throws SQLException {
    try (PreparedStatement ps =
            c.prepareStatement(
                "insert into outbound_message (reverse_path, submitter_id, size_bytes, content,"
                    + " header_message_id, subject, created_at) values (?, ?, ?, ?, ?, ?, ?)",
                new String[] {"id"});
        InputStream in = raw.open()) {
      Sql.bind(
          ps,
          reversePath,
          submitterId,
          raw.size(),
          new byte[0],
          clip(summary.messageId(), 1000),
          clip(summary.subject(), 1000),
          now);
      ps.setBinaryStream(4, in, raw.size());
      ps.executeUpdate();
      try (ResultSet keys = ps.getGeneratedKeys()) {
        keys.next();
        return keys.getLong(1);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public long insertRecipient(Connection c, long messageId, EmailAddress rcpt, OffsetDateTime now)
      throws SQLException {
    return Sql.insert(
        c,
        "insert into outbound_recipient (message_id, address, domain, state, attempts,"
            + " next_attempt_at, delay_notified) values (?, ?, ?, 'QUEUED', 0, ?, false)",
        messageId,
        rcpt.toString(),
        rcpt.domain(),
        now);
  }

  // ---- the workers' side

  /** Domains with recipients due now and not claimed, the longest-waiting first. */
  public List<String> dueDomains(Connection c, OffsetDateTime now, int limit) throws SQLException {
    return Sql.list(
        c,
        "select r.domain, min(r.next_attempt_at) from outbound_recipient r where "
            + ACTIVE
            + " and r.next_attempt_at <= ? and "
            + FREE
            + " group by r.domain order by 2 limit ?",
        rs -> rs.getString(1),
        now,
        now,
        limit);
  }

  /** When the next recipient becomes due (or an unfinished lease runs out), if any. */
  public Optional<OffsetDateTime> nextDue(Connection c) throws SQLException {
    return Sql.one(
        c,
        "select min(case when r.lease_until is not null and r.lease_until > r.next_attempt_at"
            + " then r.lease_until else r.next_attempt_at end) from outbound_recipient r where "
            + ACTIVE,
        rs -> rs.getObject(1, OffsetDateTime.class));
  }

  /** Connections open to each domain right now, over all nodes (one lease token each). */
  public Map<String, Integer> openConnections(Connection c, OffsetDateTime now)
      throws SQLException {
    Map<String, Integer> out = new LinkedHashMap<>();
    for (Object[] row :
        Sql.list(
            c,
            "select r.domain, count(distinct r.lease_owner) from outbound_recipient r"
                + " where r.lease_until >= ? and "
                + ACTIVE
                + " group by r.domain",
            rs -> new Object[] {rs.getString(1), rs.getInt(2)},
            now)) {
      out.put((String) row[0], (Integer) row[1]);
    }
    return out;
  }

  /**
   * Claims up to {@code limit} due recipients of one domain for the lease {@code token} until
   * {@code until}. The lease condition is checked again by the update itself, so two claimers
   * racing for the same rows never both get them.
   *
   * @return how many recipients the token now holds
   */
  public int claim(
      Connection c,
      String domain,
      String token,
      OffsetDateTime now,
      OffsetDateTime until,
      int limit)
      throws SQLException {
    // one query per state, each an ordered walk of the domain index that stops at the limit
    // (with both states in one query the database sorts every due row of the domain first)
    List<Due> due = new ArrayList<>();
    for (String state : List.of("QUEUED", "DEFERRED")) {
      due.addAll(
          Sql.list(
              c,
              "select r.id, r.next_attempt_at from outbound_recipient r where r.domain = ? and"
                  + " r.state = ? and r.next_attempt_at <= ? and "
                  + FREE
                  + " order by r.next_attempt_at limit ?",
              rs -> new Due(rs.getLong(1), Sql.timestamp(rs, "next_attempt_at")),
              domain,
              state,
              now,
              now,
              limit));
    }
    if (due.isEmpty()) {
      return 0;
    }
    due.sort(Comparator.comparing(Due::at).thenComparingLong(Due::id));
    List<Long> ids = due.stream().limit(limit).map(Due::id).toList();
    Object[] params = new Object[ids.size() + 3];
    params[0] = token;
    params[1] = until;
    for (int i = 0; i < ids.size(); i++) {
      params[i + 2] = ids.get(i);
    }
    params[params.length - 1] = now;
    return Sql.update(
        c,
        "update outbound_recipient set lease_owner = ?, lease_until = ? where id in ("
            + String.join(", ", java.util.Collections.nCopies(ids.size(), "?"))
            + ") and state in ('QUEUED', 'DEFERRED') and (lease_until is null or lease_until < ?)",
        params);
  }

  private record Due(long id, OffsetDateTime at) {}

  /** The unfinished recipients a lease token holds, grouped by message in queue order. */
  public List<QueuedRecipient> claimed(Connection c, String token) throws SQLException {
    return Sql.list(
        c,
        "select "
            + RECIPIENT_COLUMNS
            + " from outbound_recipient r where r.lease_owner = ? and r.lease_until is not null and "
            + ACTIVE
            + " order by r.message_id, r.id",
        OutboundRepository::mapRecipient,
        token);
  }

  /** Extends the leases of tokens still at work (a heartbeat while a delivery takes long). */
  public int renew(Connection c, List<String> tokens, OffsetDateTime until) throws SQLException {
    int n = 0;
    for (String t : tokens) {
      n +=
          Sql.update(
              c,
              "update outbound_recipient set lease_until = ? where lease_owner = ?"
                  + " and lease_until is not null",
              until,
              t);
    }
    return n;
  }

  /** Gives up a lease: its unfinished recipients are due again at once. */
  public int release(Connection c, String token) throws SQLException {
    return Sql.update(
        c,
        "update outbound_recipient set lease_until = null where lease_owner = ?"
            + " and lease_until is not null",
        token);
  }

  /**
   * Releases every lease whose token starts with {@code prefix}: a node that restarts frees what it
   * held when it stopped or crashed, instead of waiting for the leases to run out.
   */
  public int releaseAll(Connection c, String prefix) throws SQLException {
    return Sql.update(
        c,
        "update outbound_recipient set lease_until = null where lease_owner like ?"
            + " and lease_until is not null",
        prefix + "%");
  }

  public boolean markDelivered(
      Connection c, long id, String token, String host, String reply, OffsetDateTime now)
      throws SQLException {
    return Sql.update(
            c,
            "update outbound_recipient set state = 'DELIVERED', attempts = attempts + 1,"
                + " last_attempt_at = ?, finished_at = ?, remote_host = ?, last_reply = ?,"
                + " notify = null, lease_until = null"
                + " where id = ? and lease_owner = ? and lease_until is not null",
            now,
            now,
            clip(host, 300),
            clip(reply, 1000),
            id,
            token)
        == 1;
  }

  public boolean markDeferred(
      Connection c,
      long id,
      String token,
      String host,
      String reply,
      OffsetDateTime now,
      OffsetDateTime next)
      throws SQLException {
    return Sql.update(
            c,
            "update outbound_recipient set state = 'DEFERRED', attempts = attempts + 1,"
                + " last_attempt_at = ?, next_attempt_at = ?, remote_host = ?, last_reply = ?,"
                + " lease_until = null where id = ? and lease_owner = ? and lease_until is not null",
            now,
            next,
            clip(host, 300),
            clip(reply, 1000),
            id,
            token)
        == 1;
  }

  /**
   * Records a permanent failure (or giving up). With {@code bounce} the sender's notification is
   * due at once; without (the null sender) none is ever sent.
   *
   * @param attempted false when no server was asked (null MX, unknown domain, admin deletion)
   */
  public boolean markFailed(
      Connection c,
      long id,
      String token,
      String host,
      String reply,
      OffsetDateTime now,
      boolean bounce,
      boolean attempted)
      throws SQLException {
    return Sql.update(
            c,
            "update outbound_recipient set state = 'FAILED', attempts = attempts + ?,"
                + " last_attempt_at = ?, finished_at = ?, next_attempt_at = ?, remote_host = ?,"
                + " last_reply = ?, notify = ?, lease_until = null"
                + " where id = ? and lease_owner = ? and lease_until is not null",
            attempted ? 1 : 0,
            now,
            now,
            now,
            clip(host, 300),
            clip(reply, 1000),
            bounce ? "FAILED" : null,
            id,
            token)
        == 1;
  }

  /**
   * Fails every unfinished recipient of a message (the admin deleted it with a bounce), whoever
   * holds it: a delivery in flight can no longer record its result.
   */
  public int failUnfinished(
      Connection c, long messageId, String reply, OffsetDateTime now, boolean bounce)
      throws SQLException {
    return Sql.update(
        c,
        "update outbound_recipient set state = 'FAILED', finished_at = ?, next_attempt_at = ?,"
            + " last_reply = ?, notify = ?, lease_owner = null, lease_until = null"
            + " where message_id = ? and state in ('QUEUED', 'DEFERRED')",
        now,
        now,
        clip(reply, 1000),
        bounce ? "FAILED" : null,
        messageId);
  }

  // ---- messages

  public Optional<QueuedMessage> message(Connection c, long id) throws SQLException {
    return Sql.one(
        c,
        "select " + MESSAGE_COLUMNS + " from outbound_message m where m.id = ?",
        OutboundRepository::mapMessage,
        id);
  }

  /**
   * A message with its bytes, as a delivery reads it (one query).
   *
   * @param unfinished how many of its recipients were still queued or deferred
   */
  public record Loaded(QueuedMessage message, byte[] content, int unfinished) {}

  public Optional<Loaded> load(Connection c, long id) throws SQLException {
    return Sql.one(
        c,
        "select "
            + MESSAGE_COLUMNS
            + ", m.content, (select count(*) from outbound_recipient r where r.message_id = m.id"
            + " and "
            + ACTIVE
            + ") unfinished from outbound_message m where m.id = ?",
        rs -> {
          byte[] content = rs.getBytes("content");
          return content == null
              ? null
              : new Loaded(mapMessage(rs), content, rs.getInt("unfinished"));
        },
        id);
  }

  /** Drops the bytes of a message its caller knows to be finished with. */
  public void dropContent(Connection c, long messageId) throws SQLException {
    Sql.update(c, "update outbound_message set content = null where id = ?", messageId);
  }

  /** The bytes of a message, while some recipient or notice still needs them. */
  public Optional<byte[]> content(Connection c, long messageId) throws SQLException {
    return Sql.one(
        c, "select content from outbound_message where id = ?", rs -> rs.getBytes(1), messageId);
  }

  public List<QueuedRecipient> recipients(Connection c, long messageId) throws SQLException {
    return Sql.list(
        c,
        "select "
            + RECIPIENT_COLUMNS
            + " from outbound_recipient r where r.message_id = ? order by r.id",
        OutboundRepository::mapRecipient,
        messageId);
  }

  /** The recipients of a message, if {@code submitterId} submitted it (else none). */
  public List<QueuedRecipient> recipientsSubmittedBy(Connection c, long submitterId, long messageId)
      throws SQLException {
    return Sql.list(
        c,
        "select "
            + RECIPIENT_COLUMNS
            + " from outbound_recipient r join outbound_message m on m.id = r.message_id"
            + " where r.message_id = ? and m.submitter_id = ? order by r.id",
        OutboundRepository::mapRecipient,
        messageId,
        submitterId);
  }

  /**
   * Drops the bytes of a message once nothing needs them any more: every recipient final and every
   * notice sent. The row stays for the queue view.
   */
  public boolean releaseContent(Connection c, long messageId) throws SQLException {
    return Sql.update(
            c,
            "update outbound_message set content = null where id = ? and content is not null"
                + " and not exists (select 1 from outbound_recipient r where r.message_id = ?"
                + " and "
                + NEEDED
                + ")",
            messageId,
            messageId)
        == 1;
  }

  /**
   * Drops the bytes of every message that no longer needs them (one statement for the lot, so
   * deliveries do not pay a write each).
   *
   * @return how many messages lost their bytes
   */
  public int releaseContents(Connection c) throws SQLException {
    return Sql.update(
        c,
        "update outbound_message set content = null where content is not null and not exists"
            + " (select 1 from outbound_recipient r where r.message_id = outbound_message.id and "
            + NEEDED
            + ")");
  }

  /**
   * Deletes finished messages whose last recipient finished before {@code before}.
   *
   * @return how many messages went
   */
  public int purgeFinished(Connection c, OffsetDateTime before) throws SQLException {
    return Sql.update(
        c,
        "delete from outbound_message where id in (select m.id from outbound_message m where not"
            + " exists (select 1 from outbound_recipient r where r.message_id = m.id and ("
            + NEEDED
            + " or r.finished_at >= ?)))",
        before);
  }

  // ---- notices to the sender (bounces, delay notices)

  /** Marks deferred recipients of messages older than {@code createdBefore} for a delay notice. */
  public int markDelayed(Connection c, OffsetDateTime createdBefore) throws SQLException {
    return Sql.update(
        c,
        "update outbound_recipient set notify = 'DELAYED', delay_notified = true"
            + " where state = 'DEFERRED' and delay_notified = false and notify is null"
            + " and message_id in (select m.id from outbound_message m where m.created_at <= ?"
            + " and m.reverse_path <> '')",
        createdBefore);
  }

  /** Messages with a notice due now. */
  public List<Long> messagesWithNotices(Connection c, OffsetDateTime now, int limit)
      throws SQLException {
    return Sql.list(
        c,
        "select distinct r.message_id from outbound_recipient r where "
            + NOTICE_DUE
            + " order by r.message_id limit ?",
        rs -> rs.getLong(1),
        now,
        limit);
  }

  /**
   * The recipients of one message with a notice due, locked until the transaction ends, so that two
   * nodes never send the same notice.
   */
  public List<QueuedRecipient> lockNotices(Connection c, long messageId, OffsetDateTime now)
      throws SQLException {
    return Sql.list(
        c,
        "select "
            + RECIPIENT_COLUMNS
            + " from outbound_recipient r where r.message_id = ? and "
            + NOTICE_DUE
            + " order by r.id for update",
        OutboundRepository::mapRecipient,
        messageId,
        now);
  }

  public void clearNotice(Connection c, long recipientId) throws SQLException {
    Sql.update(c, "update outbound_recipient set notify = null where id = ?", recipientId);
  }

  /** A bounce that could not be handed over yet (the sender's mailbox is full): try later. */
  public void postponeNotice(Connection c, long recipientId, OffsetDateTime next)
      throws SQLException {
    Sql.update(
        c, "update outbound_recipient set next_attempt_at = ? where id = ?", next, recipientId);
  }

  // ---- admin

  public List<QueuedMessage> messages(Connection c, QueueFilter filter, int limit)
      throws SQLException {
    String active =
        "exists (select 1 from outbound_recipient r where r.message_id = m.id and " + ACTIVE + ")";
    String where =
        switch (filter) {
          case ACTIVE -> " where " + active;
          case FINISHED -> " where not " + active;
          case ALL -> "";
        };
    return Sql.list(
        c,
        "select " + MESSAGE_COLUMNS + " from outbound_message m" + where + " order by m.id limit ?",
        OutboundRepository::mapMessage,
        limit);
  }

  /** Counts of recipients per state, for the queue view's summary. */
  public Map<RecipientState, Long> countByState(Connection c) throws SQLException {
    Map<RecipientState, Long> out = new LinkedHashMap<>();
    for (RecipientState s : RecipientState.values()) {
      out.put(s, 0L);
    }
    for (Object[] row :
        Sql.list(
            c,
            "select state, count(*) from outbound_recipient group by state",
            rs -> new Object[] {rs.getString(1), rs.getLong(2)})) {
      out.put(RecipientState.valueOf((String) row[0]), (Long) row[1]);
    }
    return out;
  }

  /**
   * Makes the unfinished recipients of one message (or of every message, with null) due now.
   *
   * @return how many recipients were rescheduled
   */
  public int retryNow(Connection c, Long messageId, OffsetDateTime now) throws SQLException {
    if (messageId == null) {
      return Sql.update(
          c,
          "update outbound_recipient set next_attempt_at = ? where state in ('QUEUED',"
              + " 'DEFERRED') and next_attempt_at > ?",
          now,
          now);
    }
    return Sql.update(
        c,
        "update outbound_recipient set next_attempt_at = ? where message_id = ? and state in"
            + " ('QUEUED', 'DEFERRED')",
        now,
        messageId);
  }

  public boolean delete(Connection c, long messageId) throws SQLException {
    return Sql.update(c, "delete from outbound_message where id = ?", messageId) == 1;
  }

  // ---- mapping

  static QueuedMessage mapMessage(ResultSet rs) throws SQLException {
    return new QueuedMessage(
        rs.getLong("id"),
        rs.getString("reverse_path"),
        rs.getObject("submitter_id", Long.class),
        rs.getLong("size_bytes"),
        rs.getString("header_message_id"),
        rs.getString("subject"),
        Sql.timestamp(rs, "created_at"));
  }

  static QueuedRecipient mapRecipient(ResultSet rs) throws SQLException {
    OffsetDateTime leaseUntil = Sql.timestamp(rs, "lease_until");
    return new QueuedRecipient(
        rs.getLong("id"),
        rs.getLong("message_id"),
        rs.getString("address"),
        rs.getString("domain"),
        RecipientState.valueOf(rs.getString("state")),
        rs.getInt("attempts"),
        Sql.timestamp(rs, "next_attempt_at"),
        Sql.timestamp(rs, "last_attempt_at"),
        rs.getString("last_reply"),
        rs.getString("remote_host"),
        Sql.timestamp(rs, "finished_at"),
        leaseUntil != null && leaseUntil.isAfter(Sql.now()),
        rs.getString("notify"));
  }

  static String clip(String s, int max) {
    return s == null || s.length() <= max ? s : s.substring(0, max);
  }
}
