package org.postroom.db;

import java.sql.Connection;
import java.sql.SQLException;

/** The few places where H2 and PostgreSQL need different SQL; everything else is shared. */
public enum Dialect {
  H2,
  POSTGRESQL;

  static Dialect of(Connection c) throws SQLException {
    String product = c.getMetaData().getDatabaseProductName().toLowerCase(java.util.Locale.ROOT);
    return product.contains("postgres") ? POSTGRESQL : H2;
  }
}
