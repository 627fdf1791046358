package org.postroom.mailbox;

import java.sql.Connection;
import java.sql.SQLException;
import org.postroom.db.Sql;

/** Reading settings and trusted senders of an account; absent rows mean the defaults. */
final class MailSettingsRepository {
  public MailSettings find(Connection c, long accountId) throws SQLException {
    return Sql.one(
            c,
            "select page_size, conversation_view from mail_settings where account_id = ?",
            rs -> new MailSettings(rs.getInt(1), rs.getBoolean(2)),
            accountId)
        .orElse(MailSettings.DEFAULTS);
  }

  public void save(Connection c, long accountId, MailSettings s) throws SQLException {
    int updated =
        Sql.update(
            c,
            "update mail_settings set page_size = ?, conversation_view = ? where account_id = ?",
            s.pageSize(),
            s.conversationView(),
            accountId);
    if (updated == 0) {
      Sql.update(
          c,
          "insert into mail_settings (account_id, page_size, conversation_view) values (?, ?, ?)",
          accountId,
          s.pageSize(),
          s.conversationView());
    }
  }

  public DisplaySettings display(Connection c, long accountId) throws SQLException {
    return Sql.one(
            c,
            "select language, time_zone, theme, reading_pane from mail_settings where account_id = ?",
            rs ->
                new DisplaySettings(
                    rs.getString(1),
                    rs.getString(2),
                    DisplaySettings.Theme.valueOf(rs.getString(3)),
                    rs.getBoolean(4)),
            accountId)
        .orElse(DisplaySettings.DEFAULTS);
  }

  /** Sets how the webmail looks; the other reading settings stay (defaults if none). */
  public void saveDisplay(Connection c, long accountId, DisplaySettings d) throws SQLException {
    save(c, accountId, find(c, accountId));
    Sql.update(
        c,
        "update mail_settings set language = ?, time_zone = ?, theme = ?, reading_pane = ?"
            + " where account_id = ?",
        d.language(),
        d.timeZone(),
        d.theme().name(),
        d.readingPane(),
        accountId);
  }

  /** Whether mail the user submits from a mail program is also filed in Sent (default yes). */
  public boolean sentCopy(Connection c, long accountId) throws SQLException {
    return Sql.one(
            c,
            "select sent_copy from mail_settings where account_id = ?",
            rs -> rs.getBoolean(1),
            accountId)
        .orElse(true);
  }

  public void saveSentCopy(Connection c, long accountId, boolean on) throws SQLException {
    save(c, accountId, find(c, accountId));
    Sql.update(c, "update mail_settings set sent_copy = ? where account_id = ?", on, accountId);
  }

  public RemoteContent remoteContent(Connection c, long accountId) throws SQLException {
    return Sql.one(
            c,
            "select remote_content from mail_settings where account_id = ?",
            rs -> RemoteContent.valueOf(rs.getString(1)),
            accountId)
        .orElse(RemoteContent.ASK);
  }

  /** Sets the policy; the account's other reading settings stay as they are (defaults if none). */
  public void saveRemoteContent(Connection c, long accountId, RemoteContent policy)
      throws SQLException {
    save(c, accountId, find(c, accountId));
    Sql.update(
        c,
        "update mail_settings set remote_content = ? where account_id = ?",
        policy.name(),
        accountId);
  }

  public boolean isTrusted(Connection c, long accountId, String sender) throws SQLException {
    return sender != null
        && Sql.count(
                c,
                "select count(*) from trusted_sender where account_id = ? and sender_address = ?",
                accountId,
                sender.toLowerCase(java.util.Locale.ROOT))
            > 0;
  }

  public void trust(Connection c, long accountId, String sender) throws SQLException {
    if (!isTrusted(c, accountId, sender)) {
      Sql.update(
          c,
          "insert into trusted_sender (account_id, sender_address, created_at) values (?, ?, ?)",
          accountId,
          sender.toLowerCase(java.util.Locale.ROOT),
          Sql.now());
    }
  }
}
