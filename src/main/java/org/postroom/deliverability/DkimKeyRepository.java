package org.postroom.deliverability;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import org.postroom.db.Sql;

/** The listed DKIM keys (selector, public key, which one signs), shared by every node. */
final class DkimKeyRepository {
  List<DkimKey> all(Connection c) throws SQLException {
    return Sql.list(
        c,
        "select selector, public_key, active, created_at from dkim_key"
            + " order by active desc, created_at desc",
        rs ->
            new DkimKey(
                rs.getString(1),
                rs.getString(2),
                rs.getBoolean(3),
                Sql.timestamp(rs, "created_at")));
  }

  void insert(Connection c, DkimKey k) throws SQLException {
    Sql.update(
        c,
        "insert into dkim_key (selector, public_key, active, created_at) values (?, ?, ?, ?)",
        k.selector(),
        k.publicKeyBase64(),
        k.active(),
        k.createdAt());
  }

  void deactivateAll(Connection c) throws SQLException {
    Sql.update(c, "update dkim_key set active = false where active = true");
  }

  int delete(Connection c, String selector) throws SQLException {
    return Sql.update(c, "delete from dkim_key where selector = ? and active = false", selector);
  }

  /** Serialises key changes across nodes (first key, rotation): one lock row. */
  void lock(Connection c) throws SQLException {
    Sql.list(c, "select id from dkim_key_lock where id = 1 for update", rs -> rs.getInt(1));
  }
}
