package org.postroom.runtime;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.postroom.db.Sql;

/** Runtime settings stored in the database, by name. */
final class SettingRepository {
  public Optional<String> find(Connection c, String name) throws SQLException {
    return Sql.one(
        c, "select setting_value from setting where setting_key = ?", rs -> rs.getString(1), name);
  }

  public Map<String, String> all(Connection c) throws SQLException {
    Map<String, String> out = new HashMap<>();
    for (String[] row :
        Sql.list(
            c,
            "select setting_key, setting_value from setting",
            rs -> new String[] {rs.getString(1), rs.getString(2)})) {
      out.put(row[0], row[1]);
    }
    return out;
  }

  public void put(Connection c, String name, String value) throws SQLException {
    if (Sql.update(
            c,
            "update setting set setting_value = ?, updated_at = ? where setting_key = ?",
            value,
            Sql.now(),
            name)
        == 0) {
      Sql.update(
          c,
          "insert into setting (setting_key, setting_value, updated_at) values (?, ?, ?)",
          name,
          value,
          Sql.now());
    }
  }

  /** Inserts only when absent; true if this call wrote it. */
  public boolean putIfAbsent(Connection c, String name, String value) throws SQLException {
    if (find(c, name).isPresent()) {
      return false;
    }
    Sql.update(
        c,
        "insert into setting (setting_key, setting_value, updated_at) values (?, ?, ?)",
        name,
        value,
        Sql.now());
    return true;
  }

  public void delete(Connection c, String name) throws SQLException {
    Sql.update(c, "delete from setting where setting_key = ?", name);
  }
}
