package org.postroom.testsupport;

import java.util.concurrent.atomic.AtomicInteger;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.h2.jdbcx.JdbcDataSource;
import org.postgresql.ds.PGSimpleDataSource;
import org.postroom.db.Database;

/** A freshly migrated database (H2 in memory, or a new database on the test PostgreSQL). */
public final class TestDatabase {
  private static final AtomicInteger COUNTER = new AtomicInteger();

  private TestDatabase() {}

  public static Database h2() {
    JdbcDataSource ds = new JdbcDataSource();
    ds.setURL(
        "jdbc:h2:mem:test" + COUNTER.incrementAndGet() + ";DB_CLOSE_DELAY=-1;LOCK_TIMEOUT=10000");
    ds.setUser("postroom");
    ds.setPassword("postroom");
    return migrated(ds);
  }

  public static Database postgres() {
    PostgresServer pg = PostgresServer.shared();
    String name = "test" + COUNTER.incrementAndGet() + "_" + ProcessHandle.current().pid();
    PGSimpleDataSource ds = new PGSimpleDataSource();
    ds.setURL(pg.createDatabase(name));
    ds.setUser("postroom");
    ds.setPassword("postroom");
    return migrated(ds);
  }

  private static Database migrated(DataSource ds) {
    Flyway.configure().dataSource(ds).locations("filesystem:db").load().migrate();
    return new Database(ds);
  }
}
