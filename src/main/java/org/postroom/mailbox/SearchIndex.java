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
   * One page of hits, newest first, below the cursor when given. {@code folderIds} limits the
   * folders (null: all), {@code leaveOut} excludes some (Trash and Junk unless asked for).
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
    List<Object> params = new ArrayList<>();
    StringBuilder sql = new StringBuilder("select " + MessageRepository.COLUMNS);
    String time;
    String id;
    String order;
    List<String> tokens = new ArrayList<>(q.tokens());
    // the driving word: field words and long words tend to be rare, so fewer postings are read
    tokens.sort(
        Comparator.comparing((String t) -> t.contains(":") ? 0 : 1)
            .thenComparing(t -> -t.length()));
    if (!tokens.isEmpty()) {
      sql.append(" from search_token t0 join message m on m.id = t0.message_id")
          .append(" where t0.account_id = ? and t0.token = ?");
      params.add(accountId);
      params.add(tokens.get(0));
      for (String t : tokens.subList(1, tokens.size())) {
        sql.append(
            " and exists (select 1 from search_token tx where tx.account_id = ? and tx.token = ?"
                + " and tx.received_at = t0.received_at and tx.message_id = t0.message_id)");
        params.add(accountId);
        params.add(t);
      }
      time = "t0.received_at";
      id = "t0.message_id";
      order = " order by t0.account_id, t0.token, t0.received_at desc, t0.message_id desc";
    } else {
      sql.append(" from message m where m.account_id = ?");
      params.add(accountId);
      time = "m.received_at";
      id = "m.id";
      order = " order by m.account_id, m.received_at desc, m.id desc";
    }
    sql.append(" and m.account_id = ?");
    params.add(accountId);
    for (String p : q.prefixes()) {
      sql.append(
          " and exists (select 1 from search_token tp where tp.message_id = m.id"
              + " and tp.token >= ? and tp.token < ?)");
      params.add(p);
      params.add(p.substring(0, p.length() - 1) + (char) (p.charAt(p.length() - 1) + 1));
    }
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
    if (q.after() != null) {
      sql.append(" and ").append(time).append(" >= ?");
      params.add(q.after().atStartOfDay().atOffset(ZoneOffset.UTC));
    }
    if (q.before() != null) {
      sql.append(" and ").append(time).append(" < ?");
      params.add(q.before().atStartOfDay().atOffset(ZoneOffset.UTC));
    }
    if (beforeReceived == null) {
      beforeReceived = Cursor.TOP.receivedAt();
      beforeId = Cursor.TOP.id();
    }
    sql.append(" and ")
        .append(time)
        .append(" <= ? and (")
        .append(time)
        .append(" < ? or ")
        .append(id)
        .append(" < ?)");
    params.add(beforeReceived);
    params.add(beforeReceived);
    params.add(beforeId);
    sql.append(order).append(" limit ?");
    params.add(limit);
    return Sql.list(c, sql.toString(), MessageRepository::map, params.toArray());
  }
}
