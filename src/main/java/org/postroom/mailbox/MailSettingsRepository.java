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
