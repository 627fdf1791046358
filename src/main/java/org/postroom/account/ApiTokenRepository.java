package org.postroom.account;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import org.postroom.core.EmailAddress;
import org.postroom.db.Sql;

/** The {@code api_token} table: secrets only as their SHA-256. */
class ApiTokenRepository {
  private static final String COLUMNS =
      "t.id, t.name, a.address, t.token_prefix, t.created_by, t.created_at, t.last_used_at";

  /** A token found by its hash, with the account it acts as. */
  record Match(long tokenId, long accountId, OffsetDateTime lastUsedAt) {}

  long insert(
      Connection c,
      long accountId,
      String name,
      String hash,
      String prefix,
      String createdBy,
      OffsetDateTime now)
      throws SQLException {
    return Sql.insert(
        c,
        "insert into api_token (account_id, name, token_hash, token_prefix, created_by, created_at)"
            + " values (?, ?, ?, ?, ?, ?)",
        accountId,
        name,
        hash,
        prefix,
        createdBy,
        now);
  }

  List<ApiToken> list(Connection c) throws SQLException {
    return Sql.list(
        c,
        "select "
            + COLUMNS
            + " from api_token t join account a on a.id = t.account_id order by t.created_at, t.id",
        ApiTokenRepository::map);
  }

  Optional<ApiToken> find(Connection c, long id) throws SQLException {
    return Sql.one(
        c,
        "select "
            + COLUMNS
            + " from api_token t join account a on a.id = t.account_id where t.id = ?",
        ApiTokenRepository::map,
        id);
  }

  Optional<Match> byHash(Connection c, String hash) throws SQLException {
    return Sql.one(
        c,
        "select id, account_id, last_used_at from api_token where token_hash = ?",
        rs -> new Match(rs.getLong(1), rs.getLong(2), Sql.timestamp(rs, "last_used_at")),
        hash);
  }

  void touch(Connection c, long id, OffsetDateTime now) throws SQLException {
    Sql.update(c, "update api_token set last_used_at = ? where id = ?", now, id);
  }

  boolean delete(Connection c, long id) throws SQLException {
    return Sql.update(c, "delete from api_token where id = ?", id) == 1;
  }

  private static ApiToken map(ResultSet rs) throws SQLException {
    return new ApiToken(
        rs.getLong(1),
        rs.getString(2),
        EmailAddress.of(rs.getString(3)),
        rs.getString(4),
        rs.getString(5),
        Sql.timestamp(rs, "created_at"),
        Sql.timestamp(rs, "last_used_at"));
  }
}
