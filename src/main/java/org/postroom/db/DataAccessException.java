package org.postroom.db;

import java.sql.SQLException;

/** A database failure. Callers that must answer a client turn it into a temporary error. */
public class DataAccessException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public DataAccessException(String message, Throwable cause) {
    super(message, cause);
  }

  static DataAccessException wrap(SQLException e) {
    if (isUniqueViolation(e)) {
      return new DuplicateKeyException(e);
    }
    return new DataAccessException(e.getMessage(), e);
  }

  /** SQLState 23505 is a unique violation on both H2 and PostgreSQL. */
  static boolean isUniqueViolation(SQLException e) {
    for (SQLException x = e; x != null; x = x.getNextException()) {
      if ("23505".equals(x.getSQLState())) {
        return true;
      }
    }
    return false;
  }

  /** A row with the same unique key exists. */
  public static final class DuplicateKeyException extends DataAccessException {
    private static final long serialVersionUID = 1L;

    DuplicateKeyException(SQLException e) {
      super(e.getMessage(), e);
    }
  }
}
