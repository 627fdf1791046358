package org.postroom.mailbox;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.postroom.db.Sql;

/** Folders, always looked up together with the account that owns them. */
final class FolderRepository {
  private static final String COLUMNS = "id, account_id, name, role, total_count, unread_count";
  // standard folders first, in FolderRole order, then the user's own by name
  private static final String ORDER =
      " order by case role when 'INBOX' then 0 when 'DRAFTS' then 1 when 'SENT' then 2"
          + " when 'ARCHIVE' then 3 when 'JUNK' then 4 when 'TRASH' then 5 else 6 end, name";

  public void createStandardFolders(Connection c, long accountId) throws SQLException {
    for (FolderRole role : FolderRole.values()) {
      Sql.update(
          c,
          "insert into folder (account_id, name, role, total_count, unread_count, created_at)"
              + " values (?, ?, ?, 0, 0, ?)",
          accountId,
          role.defaultName(),
          role.name(),
          Sql.now());
    }
  }

  public List<Folder> list(Connection c, long accountId) throws SQLException {
    return Sql.list(
        c,
        "select " + COLUMNS + " from folder where account_id = ?" + ORDER,
        FolderRepository::map,
        accountId);
  }

  public Optional<Folder> find(Connection c, long accountId, long folderId) throws SQLException {
    return Sql.one(
        c,
        "select " + COLUMNS + " from folder where account_id = ? and id = ?",
        FolderRepository::map,
        accountId,
        folderId);
  }

  public Optional<Folder> find(Connection c, long accountId, FolderRole role) throws SQLException {
    return Sql.one(
        c,
        "select " + COLUMNS + " from folder where account_id = ? and role = ?",
        FolderRepository::map,
        accountId,
        role.name());
  }

  public Optional<Folder> findByName(Connection c, long accountId, String name)
      throws SQLException {
    return Sql.one(
        c,
        "select " + COLUMNS + " from folder where account_id = ? and lower(name) = lower(?)",
        FolderRepository::map,
        accountId,
        name);
  }

  public long create(Connection c, long accountId, String name) throws SQLException {
    return Sql.insert(
        c,
        "insert into folder (account_id, name, role, total_count, unread_count, created_at)"
            + " values (?, ?, null, 0, 0, ?)",
        accountId,
        name,
        Sql.now());
  }

  public void rename(Connection c, long folderId, String name) throws SQLException {
    Sql.update(c, "update folder set name = ? where id = ?", name, folderId);
  }

  public void delete(Connection c, long folderId) throws SQLException {
    Sql.update(c, "delete from folder where id = ?", folderId);
  }

  /** Keeps the counters right in the same transaction as the change to the messages. */
  public void adjustCounts(Connection c, long folderId, int totalDelta, int unreadDelta)
      throws SQLException {
    Sql.update(
        c,
        "update folder set total_count = total_count + ?, unread_count = unread_count + ?"
            + " where id = ?",
        totalDelta,
        unreadDelta,
        folderId);
  }

  static Folder map(ResultSet rs) throws SQLException {
    String role = rs.getString("role");
    return new Folder(
        rs.getLong("id"),
        rs.getLong("account_id"),
        rs.getString("name"),
        role == null ? null : FolderRole.valueOf(role),
        rs.getInt("total_count"),
        rs.getInt("unread_count"));
  }
}
