package org.postroom.account;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.postroom.core.EmailAddress;
import org.postroom.db.Sql;

/** Aliases and their target accounts. */
final class AliasRepository {
  private static final String SELECT =
      "select al.id, al.address, a.address as target from alias al"
          + " left join alias_target t on t.alias_id = al.id"
          + " left join account a on a.id = t.account_id";

  public Optional<Alias> find(Connection c, EmailAddress address) throws SQLException {
    return group(
            Sql.list(
                c,
                SELECT + " where al.address = ? order by a.address",
                Row::of,
                address.canonical()))
        .stream()
        .findFirst();
  }

  public List<Alias> all(Connection c) throws SQLException {
    return group(Sql.list(c, SELECT + " order by al.address, a.address", Row::of));
  }

  /** Ids of the accounts an alias delivers to. */
  public List<Long> targetIds(Connection c, EmailAddress address) throws SQLException {
    return Sql.list(
        c,
        "select t.account_id from alias al join alias_target t on t.alias_id = al.id"
            + " where al.address = ? order by t.account_id",
        rs -> rs.getLong(1),
        address.canonical());
  }

  public long insert(Connection c, EmailAddress address) throws SQLException {
    return Sql.insert(
        c, "insert into alias (address, created_at) values (?, ?)", address.canonical(), Sql.now());
  }

  public void replaceTargets(Connection c, long aliasId, List<Long> accountIds)
      throws SQLException {
    Sql.update(c, "delete from alias_target where alias_id = ?", aliasId);
    for (long id : accountIds) {
      Sql.update(c, "insert into alias_target (alias_id, account_id) values (?, ?)", aliasId, id);
    }
  }

  public void delete(Connection c, long aliasId) throws SQLException {
    Sql.update(c, "delete from alias where id = ?", aliasId);
  }

  /** Addresses of the aliases that deliver to this account (its other identities). */
  public List<EmailAddress> aliasesOf(Connection c, long accountId) throws SQLException {
    return Sql.list(
        c,
        "select al.address from alias al join alias_target t on t.alias_id = al.id"
            + " where t.account_id = ? order by al.address",
        rs -> EmailAddress.of(rs.getString(1)),
        accountId);
  }

  private record Row(long id, String address, String target) {
    static Row of(java.sql.ResultSet rs) throws SQLException {
      return new Row(rs.getLong("id"), rs.getString("address"), rs.getString("target"));
    }
  }

  private static List<Alias> group(List<Row> rows) {
    Map<Long, Alias> byId = new LinkedHashMap<>();
    for (Row r : rows) {
      Alias a =
          byId.computeIfAbsent(
              r.id(), id -> new Alias(id, EmailAddress.of(r.address()), new ArrayList<>()));
      if (r.target() != null) {
        a.targets().add(EmailAddress.of(r.target()));
      }
    }
    List<Alias> out = new ArrayList<>();
    for (Alias a : byId.values()) {
      out.add(new Alias(a.id(), a.address(), List.copyOf(a.targets())));
    }
    return out;
  }
}
