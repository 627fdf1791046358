package org.postroom.account;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.postroom.core.EmailAddress;
import org.postroom.db.Sql;

/** Accounts in the database. Callers supply the connection (and with it the transaction). */
final class AccountRepository {
  private static final String COLUMNS =
      "id, address, display_name, password_hash, role, enabled, quota_bytes, used_bytes, created_at";

  public Optional<Account> find(Connection c, long id) throws SQLException {
    return Sql.one(
        c, "select " + COLUMNS + " from account where id = ?", AccountRepository::map, id);
  }

  public Optional<Account> find(Connection c, EmailAddress address) throws SQLException {
    return Sql.one(
        c,
        "select " + COLUMNS + " from account where address = ?",
        AccountRepository::map,
        address.canonical());
  }

  /** The account row locked until the transaction ends (quota and counter updates). */
  public Optional<Account> lock(Connection c, long id) throws SQLException {
    return Sql.one(
        c,
        "select " + COLUMNS + " from account where id = ? for update",
        AccountRepository::map,
        id);
  }

  /** Enabled accounts whose address or lower-cased name matches the LIKE pattern (escape \\). */
  public List<Account> matching(Connection c, String like, int limit) throws SQLException {
    return Sql.list(
        c,
        "select "
            + COLUMNS
            + " from account where enabled = true"
            + " and (address like ? escape '\\' or lower(display_name) like ? escape '\\')"
            + " order by address limit ?",
        AccountRepository::map,
        like,
        like,
        limit);
  }

  public List<Account> all(Connection c) throws SQLException {
    return Sql.list(
        c, "select " + COLUMNS + " from account order by address", AccountRepository::map);
  }

  public long count(Connection c) throws SQLException {
    return Sql.count(c, "select count(*) from account");
  }

  public long countEnabledAdmins(Connection c) throws SQLException {
    return Sql.count(c, "select count(*) from account where role = 'ADMIN' and enabled = true");
  }

  public long insert(
      Connection c,
      EmailAddress address,
      String displayName,
      String hash,
      Role role,
      long quotaBytes)
      throws SQLException {
    return Sql.insert(
        c,
        "insert into account (address, display_name, password_hash, role, enabled, quota_bytes,"
            + " used_bytes, created_at) values (?, ?, ?, ?, true, ?, 0, ?)",
        address.canonical(),
        displayName,
        hash,
        role.name(),
        quotaBytes,
        Sql.now());
  }

  public void setDisplayName(Connection c, long id, String displayName) throws SQLException {
    Sql.update(c, "update account set display_name = ? where id = ?", displayName, id);
  }

  public void setPasswordHash(Connection c, long id, String hash) throws SQLException {
    Sql.update(c, "update account set password_hash = ? where id = ?", hash, id);
  }

  /** Sets the hash only where it is still {@code expected}; false when it had changed. */
  public boolean replacePasswordHash(Connection c, long id, String expected, String hash)
      throws SQLException {
    return Sql.update(
            c,
            "update account set password_hash = ? where id = ? and password_hash = ?",
            hash,
            id,
            expected)
        == 1;
  }

  public void setRole(Connection c, long id, Role role) throws SQLException {
    Sql.update(c, "update account set role = ? where id = ?", role.name(), id);
  }

  public void setEnabled(Connection c, long id, boolean enabled) throws SQLException {
    Sql.update(c, "update account set enabled = ? where id = ?", enabled, id);
  }

  public void setQuota(Connection c, long id, long quotaBytes) throws SQLException {
    Sql.update(c, "update account set quota_bytes = ? where id = ?", quotaBytes, id);
  }

  /** Adds (or with a negative delta, subtracts) stored bytes; quota is counted over all folders. */
  public void addUsedBytes(Connection c, long id, long delta) throws SQLException {
    Sql.update(c, "update account set used_bytes = used_bytes + ? where id = ?", delta, id);
  }

  public void delete(Connection c, long id) throws SQLException {
    Sql.update(c, "delete from account where id = ?", id);
  }

  static Account map(ResultSet rs) throws SQLException {
    return new Account(
        rs.getLong("id"),
        EmailAddress.of(rs.getString("address")),
        rs.getString("display_name"),
        rs.getString("password_hash"),
        Role.valueOf(rs.getString("role")),
        rs.getBoolean("enabled"),
        rs.getLong("quota_bytes"),
        rs.getLong("used_bytes"),
        Sql.timestamp(rs, "created_at"));
  }
}
