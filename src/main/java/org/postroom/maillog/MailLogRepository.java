package org.postroom.maillog;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Locale;
import org.postroom.core.SmtpStatus;
import org.postroom.db.Sql;

/** The mail_log table. */
final class MailLogRepository {
  private static final String COLUMNS =
      "id, logged_at, mail_id, channel, client_ip, client_helo, auth_user, mail_from, rcpt_to,"
          + " message_id, size_bytes, status_code, status_text";

  public void insert(Connection c, List<MailLogEntry> lines, OffsetDateTime now)
      throws SQLException {
    try (PreparedStatement ps =
        c.prepareStatement(
            "insert into mail_log (logged_at, mail_id, channel, client_ip, client_helo, auth_user,"
                + " mail_from, rcpt_to, message_id, size_bytes, status_code, status_text)"
                + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
      for (MailLogEntry e : lines) {
        Sql.bind(
            ps,
            now,
            e.mailId(),
            e.channel(),
            cut(e.clientIp(), 64),
            cut(e.clientHelo(), 255),
            lower(cut(e.authUser(), 320)),
            lower(cut(e.mailFrom(), 320)),
            lower(cut(e.rcptTo(), 320)),
            cut(e.messageId(), 1000),
            e.size(),
            e.status().code(),
            cut(e.status().line(), 1000));
        ps.addBatch();
      }
      ps.executeBatch();
    }
  }

  /**
   * The newest lines where the text appears in an address, the mail id, the Message-ID or the
   * client address (case-insensitive), older than {@code beforeId} when given.
   */
  public List<MailLogEntry> search(Connection c, String text, Long beforeId, int limit)
      throws SQLException {
    String like = "%" + escape(text.toLowerCase(Locale.ROOT)) + "%";
    return Sql.list(
        c,
        "select "
            + COLUMNS
            + " from mail_log where id < ? and (rcpt_to like ? escape '\\' or mail_from like ?"
            + " escape '\\' or auth_user like ? escape '\\' or lower(message_id) like ? escape '\\'"
            + " or client_ip = ? or mail_id = ?) order by id desc limit ?",
        MailLogRepository::map,
        beforeId == null ? Long.MAX_VALUE : beforeId,
        like,
        like,
        like,
        like,
        text,
        text.toUpperCase(Locale.ROOT),
        limit);
  }

  /** The newest lines, for the page before anyone searches. */
  public List<MailLogEntry> latest(Connection c, Long beforeId, int limit) throws SQLException {
    return Sql.list(
        c,
        "select " + COLUMNS + " from mail_log where id < ? order by id desc limit ?",
        MailLogRepository::map,
        beforeId == null ? Long.MAX_VALUE : beforeId,
        limit);
  }

  public int deleteOlderThan(Connection c, OffsetDateTime cutoff) throws SQLException {
    return Sql.update(c, "delete from mail_log where logged_at < ?", cutoff);
  }

  private static MailLogEntry map(ResultSet rs) throws SQLException {
    String line = rs.getString("status_text");
    int code = rs.getInt("status_code");
    String rest = line.length() > 4 ? line.substring(4) : "";
    String enhanced = rest.matches("[245]\\.\\d{1,3}\\.\\d{1,3} .*") ? rest.split(" ", 2)[0] : null;
    String text = enhanced == null ? rest : rest.substring(enhanced.length() + 1);
    return new MailLogEntry(
        rs.getLong("id"),
        Sql.timestamp(rs, "logged_at"),
        rs.getString("mail_id"),
        rs.getString("channel"),
        rs.getString("client_ip"),
        rs.getString("client_helo"),
        rs.getString("auth_user"),
        rs.getString("mail_from"),
        rs.getString("rcpt_to"),
        rs.getString("message_id"),
        rs.getObject("size_bytes", Long.class),
        SmtpStatus.of(code, enhanced, text));
  }

  private static String escape(String s) {
    return s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
  }

  private static String lower(String s) {
    return s == null ? null : s.toLowerCase(Locale.ROOT);
  }

  private static String cut(String s, int max) {
    return s == null || s.length() <= max ? s : s.substring(0, max);
  }
}
