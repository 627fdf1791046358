package org.postroom.sending;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.postroom.db.Sql;

/**
 * Rows of messages being written, held or scheduled, their staged files, the delivery records of
 * sent messages and the users' sending settings. Every lookup by id names the owning account.
 */
final class OutgoingRepository {
  private static final String COLUMNS =
      "o.id, o.account_id, o.compose_key, o.state, o.release_at, o.from_address, o.to_list,"
          + " o.cc_list, o.bcc_list, o.subject, o.rich, o.body, o.origin_id, o.origin_kind,"
          + " o.draft_message_id, o.header_message_id, o.last_error, o.updated_at";

  public Optional<Outgoing> find(Connection c, long accountId, long id) throws SQLException {
    return one(c, "o.id = ?", accountId, id);
  }

  public Optional<Outgoing> findByKey(Connection c, long accountId, String key)
      throws SQLException {
    return one(c, "o.compose_key = ?", accountId, key);
  }

  /** The row of a compose window, locked for this transaction. */
  public Optional<Outgoing> lockByKey(Connection c, long accountId, String key)
      throws SQLException {
    return one(c, "o.compose_key = ? for update", accountId, key);
  }

  public Optional<Outgoing> lock(Connection c, long accountId, long id) throws SQLException {
    return one(c, "o.id = ? for update", accountId, id);
  }

  /** The draft whose copy in Drafts is this message. */
  public Optional<Outgoing> byDraftMessage(Connection c, long accountId, long messageId)
      throws SQLException {
    return one(c, "o.draft_message_id = ?", accountId, messageId);
  }

  /** One row of this account matching {@code condition} (with its one parameter). */
  private static Optional<Outgoing> one(
      Connection c, String condition, long accountId, Object value) throws SQLException {
    return Sql.one(
        c,
        "select " + COLUMNS + " from outgoing o where o.account_id = ? and " + condition,
        OutgoingRepository::map,
        accountId,
        value);
  }

  public long insert(
      Connection c,
      long accountId,
      String key,
      Composition m,
      String headerMessageId,
      OffsetDateTime now)
      throws SQLException {
    return Sql.insert(
        c,
        "insert into outgoing (account_id, compose_key, state, from_address, to_list, cc_list,"
            + " bcc_list, subject, rich, body, origin_id, origin_kind, header_message_id,"
            + " updated_at) values (?, ?, 'DRAFT', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        accountId,
        key,
        m.from(),
        m.to(),
        m.cc(),
        m.bcc(),
        m.subject(),
        m.rich(),
        m.body(),
        m.originId(),
        m.origin() == null ? null : m.origin().name(),
        headerMessageId,
        now);
  }

  public void update(Connection c, long id, Composition m, OffsetDateTime now) throws SQLException {
    Sql.update(
        c,
        "update outgoing set from_address = ?, to_list = ?, cc_list = ?, bcc_list = ?, subject = ?,"
            + " rich = ?, body = ?, origin_id = ?, origin_kind = ?, updated_at = ? where id = ?",
        m.from(),
        m.to(),
        m.cc(),
        m.bcc(),
        m.subject(),
        m.rich(),
        m.body(),
        m.originId(),
        m.origin() == null ? null : m.origin().name(),
        now,
        id);
  }

  public void setDraftMessage(Connection c, long id, Long messageId) throws SQLException {
    Sql.update(c, "update outgoing set draft_message_id = ? where id = ?", messageId, id);
  }

  /** Moves a row from one state to another; false when it was not in {@code from} any more. */
  public boolean changeState(
      Connection c,
      long accountId,
      long id,
      Outgoing.State from,
      Outgoing.State to,
      OffsetDateTime releaseAt,
      String error)
      throws SQLException {
    return Sql.update(
            c,
            "update outgoing set state = ?, release_at = ?, last_error = ?, lease_owner = null,"
                + " lease_until = null, message_bytes = null, envelope_from = null,"
                + " envelope_to = null where id = ? and account_id = ? and state = ?",
            to.name(),
            releaseAt,
            error,
            id,
            accountId,
            from.name())
        == 1;
  }

  /** A message written at Send, waiting in its row until release. */
  record Written(byte[] authorCopy, String envelopeFrom, List<String> envelopeTo) {}

  /** Holds a draft until {@code releaseAt} with the message as written; false if no draft. */
  public boolean hold(
      Connection c,
      long accountId,
      long id,
      Outgoing.State state,
      OffsetDateTime releaseAt,
      Written message)
      throws SQLException {
    return Sql.update(
            c,
            "update outgoing set state = ?, release_at = ?, last_error = null, lease_owner = null,"
                + " lease_until = null, message_bytes = ?, envelope_from = ?, envelope_to = ?"
                + " where id = ? and account_id = ? and state = 'DRAFT'",
            state.name(),
            releaseAt,
            message.authorCopy(),
            message.envelopeFrom(),
            String.join(",", message.envelopeTo()),
            id,
            accountId)
        == 1;
  }

  /** The message written at Send, if the row has one (rows held by an older version have not). */
  public Optional<Written> written(Connection c, long id) throws SQLException {
    return Sql.one(
        c,
        "select message_bytes, envelope_from, envelope_to from outgoing where id = ?",
        rs ->
            rs.getBytes(1) == null
                ? null
                : new Written(rs.getBytes(1), rs.getString(2), List.of(rs.getString(3).split(","))),
        id);
  }

  /** Ends the claims a node made before it stopped at {@code now}: they are due again at once. */
  public int releaseClaims(Connection c, String owner, OffsetDateTime now) throws SQLException {
    return Sql.update(
        c,
        "update outgoing set lease_until = ? where state = 'SENDING' and lease_owner = ?"
            + " and lease_until > ?",
        now,
        owner,
        now);
  }

  public void delete(Connection c, long id) throws SQLException {
    Sql.update(c, "delete from outgoing where id = ?", id);
  }

  /** Held and scheduled rows whose time has come, and claims that a dead node left behind. */
  public List<Long> due(Connection c, OffsetDateTime now, int limit) throws SQLException {
    return Sql.list(
        c,
        "select id from outgoing where (state in ('HELD', 'SCHEDULED') and release_at <= ?)"
            + " or (state = 'SENDING' and lease_until < ?) order by release_at limit ?",
        rs -> rs.getLong(1),
        now,
        now,
        limit);
  }

  /** The next release time, to sleep until it. */
  public Optional<OffsetDateTime> nextRelease(Connection c) throws SQLException {
    return Sql.one(
        c,
        "select min(case when state = 'SENDING' then lease_until else release_at end)"
            + " from outgoing where state in ('HELD', 'SCHEDULED', 'SENDING')",
        rs -> rs.getObject(1, OffsetDateTime.class));
  }

  /**
   * Claims a due row for one node: a conditional update, so of several nodes exactly one wins. The
   * claim runs out at {@code until}, when another node may take it over.
   */
  public boolean claim(
      Connection c, long id, String owner, OffsetDateTime now, OffsetDateTime until)
      throws SQLException {
    return Sql.update(
            c,
            "update outgoing set state = 'SENDING', lease_owner = ?, lease_until = ? where id = ?"
                + " and ((state in ('HELD', 'SCHEDULED') and release_at <= ?)"
                + " or (state = 'SENDING' and lease_until < ?))",
            owner,
            until,
            id,
            now,
            now)
        == 1;
  }

  /** The claimed row, if this node still holds it. */
  public Optional<Outgoing> lockClaimed(Connection c, long id, String owner) throws SQLException {
    return Sql.one(
        c,
        "select "
            + COLUMNS
            + " from outgoing o where o.id = ? and o.state = 'SENDING' and o.lease_owner = ?"
            + " for update",
        OutgoingRepository::map,
        id,
        owner);
  }

  public List<Outgoing> inState(Connection c, long accountId, Outgoing.State state)
      throws SQLException {
    return Sql.list(
        c,
        "select "
            + COLUMNS
            + " from outgoing o where o.account_id = ? and o.state = ? order by o.release_at, o.id",
        OutgoingRepository::map,
        accountId,
        state.name());
  }

  public long countInState(Connection c, long accountId, Outgoing.State state) throws SQLException {
    return Sql.count(
        c,
        "select count(*) from outgoing where account_id = ? and state = ?",
        accountId,
        state.name());
  }

  // ---- staged files

  public long addFile(
      Connection c, long outgoingId, String name, String type, byte[] content, OffsetDateTime now)
      throws SQLException {
    return Sql.insert(
        c,
        "insert into outgoing_attachment (outgoing_id, file_name, content_type, size_bytes,"
            + " content, created_at) values (?, ?, ?, ?, ?, ?)",
        outgoingId,
        name,
        type,
        (long) content.length,
        content,
        now);
  }

  public List<Outgoing.File> files(Connection c, long outgoingId) throws SQLException {
    return Sql.list(
        c,
        "select id, file_name, content_type, size_bytes from outgoing_attachment"
            + " where outgoing_id = ? order by id",
        rs -> new Outgoing.File(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getLong(4)),
        outgoingId);
  }

  public List<OutgoingMessage.Attachment> fileContents(Connection c, long outgoingId)
      throws SQLException {
    return Sql.list(
        c,
        "select file_name, content_type, content from outgoing_attachment"
            + " where outgoing_id = ? order by id",
        rs -> new OutgoingMessage.Attachment(rs.getString(1), rs.getString(2), rs.getBytes(3)),
        outgoingId);
  }

  public long filesSize(Connection c, long outgoingId) throws SQLException {
    return Sql.count(
        c,
        "select coalesce(sum(size_bytes), 0) from outgoing_attachment where outgoing_id = ?",
        outgoingId);
  }

  public boolean removeFile(Connection c, long outgoingId, long fileId) throws SQLException {
    return Sql.update(
            c,
            "delete from outgoing_attachment where outgoing_id = ? and id = ?",
            outgoingId,
            fileId)
        == 1;
  }

  // ---- sent messages

  public void recordSent(
      Connection c,
      long messageId,
      long accountId,
      Long queueId,
      String localRecipients,
      OffsetDateTime at)
      throws SQLException {
    Sql.update(
        c,
        "insert into sent_delivery (message_id, account_id, queue_id, local_recipients, sent_at)"
            + " values (?, ?, ?, ?, ?)",
        messageId,
        accountId,
        queueId,
        localRecipients,
        at);
  }

  /** Where a sent message went: its queue id (or null) and the recipients delivered here. */
  public record SentRecord(Long queueId, String localRecipients, OffsetDateTime sentAt) {}

  public Optional<SentRecord> sent(Connection c, long accountId, long messageId)
      throws SQLException {
    return Sql.one(
        c,
        "select queue_id, local_recipients, sent_at from sent_delivery"
            + " where account_id = ? and message_id = ?",
        rs ->
            new SentRecord(
                (Long) rs.getObject(1, Long.class),
                rs.getString(2),
                rs.getObject(3, OffsetDateTime.class)),
        accountId,
        messageId);
  }

  // ---- settings

  public SendingSettings settings(Connection c, long accountId) throws SQLException {
    return Sql.one(
            c,
            "select signature, reply_to, undo_seconds from sending_settings where account_id = ?",
            rs ->
                new SendingSettings(
                    rs.getString(1), rs.getString(2), (Integer) rs.getObject(3, Integer.class)),
            accountId)
        .orElse(SendingSettings.DEFAULTS);
  }

  public void saveSettings(Connection c, long accountId, SendingSettings s) throws SQLException {
    int n =
        Sql.update(
            c,
            "update sending_settings set signature = ?, reply_to = ?, undo_seconds = ?"
                + " where account_id = ?",
            s.signature(),
            s.replyTo(),
            s.undoSeconds(),
            accountId);
    if (n == 0) {
      Sql.update(
          c,
          "insert into sending_settings (account_id, signature, reply_to, undo_seconds)"
              + " values (?, ?, ?, ?)",
          accountId,
          s.signature(),
          s.replyTo(),
          s.undoSeconds());
    }
  }

  private static Outgoing map(ResultSet rs) throws SQLException {
    String kind = rs.getString("origin_kind");
    Composition m =
        new Composition(
            rs.getString("from_address"),
            rs.getString("to_list"),
            rs.getString("cc_list"),
            rs.getString("bcc_list"),
            rs.getString("subject"),
            rs.getBoolean("rich"),
            rs.getString("body"),
            (Long) rs.getObject("origin_id", Long.class),
            kind == null ? null : Composition.Origin.valueOf(kind));
    return new Outgoing(
        rs.getLong("id"),
        rs.getLong("account_id"),
        rs.getString("compose_key"),
        Outgoing.State.valueOf(rs.getString("state")),
        Sql.timestamp(rs, "release_at"),
        m,
        (Long) rs.getObject("draft_message_id", Long.class),
        rs.getString("header_message_id"),
        rs.getString("last_error"),
        Sql.timestamp(rs, "updated_at"));
  }
}
