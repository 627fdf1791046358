package org.postroom.db;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * Transactions over plain JDBC. {@link #transaction} commits before it returns, so a caller that
 * gets a result back knows the work is durable; a nested call joins the outer transaction. Used the
 * same way in the container (over the pooled DataSource) and in plain JUnit tests.
 */
public class Database {
  private final ThreadLocal<Connection> current = new ThreadLocal<>();
  private final ThreadLocal<List<Runnable>> afterCommit = new ThreadLocal<>();
  private DataSource dataSource;
  private Dialect dialect;

  protected Database() {
    // for CDI proxies
  }

  public Database(DataSource dataSource) {
    init(dataSource);
  }

  protected void init(DataSource dataSource) {
    this.dataSource = dataSource;
    try (Connection c = dataSource.getConnection()) {
      this.dialect = Dialect.of(c);
    } catch (SQLException e) {
      throw new DataAccessException("cannot connect to the database: " + e.getMessage(), e);
    }
  }

  /** Work on one connection inside a transaction. */
  @FunctionalInterface
  public interface Work<T> {
    T run(Connection c) throws SQLException;
  }

  /** Work without a result. */
  @FunctionalInterface
  public interface VoidWork {
    void run(Connection c) throws SQLException;
  }

  public DataSource dataSource() {
    return dataSource;
  }

  public Dialect dialect() {
    return dialect;
  }

  /** Runs the work in one transaction, committed before this returns (or joins the caller's). */
  public <T> T transaction(Work<T> work) {
    Connection outer = current.get();
    if (outer != null) {
      try {
        return work.run(outer);
      } catch (SQLException e) {
        throw DataAccessException.wrap(e);
      }
    }
    List<Runnable> actions = new ArrayList<>();
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(false);
      current.set(c);
      afterCommit.set(actions);
      T result;
      try {
        result = work.run(c);
        c.commit();
      } catch (SQLException | RuntimeException | Error e) {
        try {
          c.rollback();
        } catch (SQLException suppressed) {
          e.addSuppressed(suppressed);
        }
        if (e instanceof SQLException s) {
          throw DataAccessException.wrap(s);
        }
        throw e;
      } finally {
        current.remove();
        afterCommit.remove();
        c.setAutoCommit(true);
      }
      runAll(actions);
      return result;
    } catch (SQLException e) {
      throw DataAccessException.wrap(e);
    }
  }

  /**
   * Runs the action once the surrounding transaction has committed (at once when there is none);
   * never after a rollback. For signals such as "new work in the queue", not for work that must
   * happen: a crash between the commit and the action skips it.
   */
  public void afterCommit(Runnable action) {
    List<Runnable> actions = afterCommit.get();
    if (actions == null) {
      runAll(List.of(action));
    } else {
      actions.add(action);
    }
  }

  private static void runAll(List<Runnable> actions) {
    for (Runnable r : actions) {
      try {
        r.run();
      } catch (RuntimeException e) {
        Logger.getLogger(Database.class.getName())
            .log(Level.WARNING, "after-commit action failed", e);
      }
    }
  }

  public void run(VoidWork work) {
    transaction(
        c -> {
          work.run(c);
          return null;
        });
  }

  /** Read-only work; joins a surrounding transaction if there is one. */
  public <T> T read(Work<T> work) {
    Connection outer = current.get();
    if (outer != null) {
      try {
        return work.run(outer);
      } catch (SQLException e) {
        throw DataAccessException.wrap(e);
      }
    }
    try (Connection c = dataSource.getConnection()) {
      c.setAutoCommit(true);
      return work.run(c);
    } catch (SQLException e) {
      throw DataAccessException.wrap(e);
    }
  }
}
