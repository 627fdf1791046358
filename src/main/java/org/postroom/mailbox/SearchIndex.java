package org.postroom.mailbox;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.postroom.db.Sql;

/**
 * The search index: a token table in the database (see docs/adr/0030), written in the same
 * transaction as the message, so it is exactly as current and as durable as the mail itself, on H2
 * and PostgreSQL alike, and shared by every node. A query walks the postings of one word newest
 * first straight off the index and checks the other words and filters per hit.
 */
public final class SearchIndex {
  public void add(
      Connection c, long accountId, long messageId, OffsetDateTime receivedAt, SearchTokens t)
      throws SQLException {
    if (t.tokens().isEmpty()) {
      return;
    }
    try (PreparedStatement ps =
        c.prepareStatement(
            "insert into search_token (account_id, token, received_at, message_id)"
                + " values (?, ?, ?, ?)")) {
      for (String token : t.tokens()) {
        ps.setLong(1, accountId);
        ps.setString(2, token);
        ps.setObject(3, receivedAt);
        ps.setLong(4, messageId);
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  /**
   * One page of hits, newest first, below the cursor when given. {@code folderId} limits the search
   * to one folder (null: all), {@code leaveOut} excludes some (Trash and Junk unless asked for).
   *
   * <p>With words, the inner query walks the driving word's postings newest first off the index and
   * probes the other words and the message filters per posting ({@code exists}), stopping at {@code
   * limit} hits; only then are the hits joined to their messages. Both databases keep that order of
   * work (PostgreSQL would otherwise hash-join the whole mailbox when it misjudges a word's
   * frequency).
   */
  public List<StoredMessage> search(
      Connection c,
      long accountId,
      SearchQuery q,
      Long folderId,
      List<Long> leaveOut,
      OffsetDateTime beforeReceived,
      Long beforeId,
      int limit)
      throws SQLException {
    Cursor at = beforeReceived == null ? Cursor.TOP : new Cursor(beforeReceived, beforeId);
    List<String> tokens = new ArrayList<>(q.tokens());
    // the driving word: field words and long words tend to be rare, so fewer postings are read
    tokens.sort(
        Comparator.comparing((String t) -> t.contains(":") ? 0 : 1)
            .thenComparing(t -> -t.length()));
    List<Object> params = new ArrayList<>();
    StringBuilder filters = new StringBuilder();
    List<Object> filterParams = new ArrayList<>();
    messageFilters(q, folderId, leaveOut, filters, filterParams);
    if (tokens.isEmpty()) {
      StringBuilder sql =
          new StringBuilder("select " + MessageRepository.COLUMNS)
              .append(" from message m where m.account_id = ?")
              .append(filters);
      params.add(accountId);
      params.addAll(filterParams);
      for (String p : q.prefixes()) {
        prefix(sql, params, "m.id", p);
      }
      range(sql, params, q, "m.received_at", "m.id", at);
      sql.append(" order by m.account_id, m.received_at desc, m.id desc limit ?");
      params.add(limit);
      return Sql.list(c, sql.toString(), MessageRepository::map, params.toArray());
    }
    StringBuilder hits =
        new StringBuilder(
            "select t0.received_at, t0.message_id from search_token t0"
                + " where t0.account_id = ? and t0.token = ?");
    params.add(accountId);
    params.add(tokens.get(0));
    for (String t : tokens.subList(1, tokens.size())) {
      hits.append(
          " and (select 1 from search_token tx where tx.account_id = ? and tx.token = ?"
              + " and tx.received_at = t0.received_at and tx.message_id = t0.message_id) = 1");
      params.add(accountId);
      params.add(t);
    }
    for (String p : q.prefixes()) {
      prefix(hits, params, "t0.message_id", p);
    }
    hits.append(" and (select 1 from message m where m.id = t0.message_id and m.account_id = ?")
        .append(filters)
        .append(") = 1");
    params.add(accountId);
    params.addAll(filterParams);
    range(hits, params, q, "t0.received_at", "t0.message_id", at);
    hits.append(
        " order by t0.account_id, t0.token, t0.received_at desc, t0.message_id desc limit ?");
    params.add(limit);
    String sql =
        "select "
            + MessageRepository.COLUMNS
            + " from ("
            + hits
            + ") h join message m on m.id = h.message_id"
            + " order by h.received_at desc, h.message_id desc";
    return Sql.list(c, sql, MessageRepository::map, params.toArray());
  }

  /** Conditions on the message row (alias m). */
  private static void messageFilters(
      SearchQuery q, Long folderId, List<Long> leaveOut, StringBuilder sql, List<Object> params) {
    if (q.seen() != null) {
      sql.append(" and m.seen = ?");
      params.add(q.seen());
    }
    if (q.flagged()) {
      sql.append(" and m.flagged = true");
    }
    if (q.hasAttachment()) {
      sql.append(" and m.has_attachments = true");
    }
    if (folderId != null) {
      sql.append(" and m.folder_id = ?");
      params.add(folderId);
    }
    for (long f : leaveOut) {
      sql.append(" and m.folder_id <> ?");
      params.add(f);
    }
  }

  /** {@code word*}: some token of the message starts with the prefix. */
  private static void prefix(StringBuilder sql, List<Object> params, String messageId, String p) {
    sql.append(" and exists (select 1 from search_token tp where tp.message_id = ")
        .append(messageId)
        .append(" and tp.token >= ? and tp.token < ?)");
    params.add(p);
    params.add(p.substring(0, p.length() - 1) + (char) (p.charAt(p.length() - 1) + 1));
  }

  /** Dates from the query and the keyset bound (also on the first page: see {@link Cursor#TOP}). */
  private static void range(
      StringBuilder sql, List<Object> params, SearchQuery q, String time, String id, Cursor at) {
    if (q.after() != null) {
      sql.append(" and ").append(time).append(" >= ?");
      params.add(q.after().atStartOfDay().atOffset(ZoneOffset.UTC));
    }
    if (q.before() != null) {
      sql.append(" and ").append(time).append(" < ?");
      params.add(q.before().atStartOfDay().atOffset(ZoneOffset.UTC));
    }
    sql.append(" and ")
        .append(time)
        .append(" <= ? and (")
        .append(time)
        .append(" < ? or ")
        .append(id)
        .append(" < ?)");
    params.add(at.receivedAt());
    params.add(at.receivedAt());
    params.add(at.id());
  }
}
