package org.postroom.server;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.sql.DataSourceDefinition;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.flywaydb.core.Flyway;
import org.postroom.account.DomainSetup;
import org.postroom.boot.DataDirectory;
import org.postroom.boot.Launcher;
import org.postroom.boot.TlsKeystore;
import org.postroom.db.Dialect;
import org.postroom.runtime.Lifecycle;
import org.postroom.runtime.ServerSettings;

/**
 * Brings Postroom up inside Payara: migrates the schema (db/ is its only source), seeds settings
 * and the first admin, then tells listeners and workers to start. Records the outcome in a system
 * property that the launcher checks, so a failed start ends the process instead of leaving a server
 * that answers with nothing deployed.
 */
@Singleton
@Startup
@DataSourceDefinition(
    name = Bootstrap.DATASOURCE,
    className = "${MPCONFIG=postroom.db.datasource-class}",
    url = "${MPCONFIG=postroom.db.url}",
    user = "${MPCONFIG=postroom.db.user}",
    password = "${MPCONFIG=postroom.db.password}",
    transactional = false,
    initialPoolSize = 2,
    minPoolSize = 2,
    maxPoolSize = 40,
    maxIdleTime = 300,
    // a connection that died with the database (restart, failover) is noticed and replaced
    properties = {
      "fish.payara.is-connection-validation-required=true",
      "fish.payara.connection-validation-method=custom-validation",
      "fish.payara.validation-classname=org.glassfish.api.jdbc.validation.JDBC40ConnectionValidation",
      "fish.payara.validate-atmost-once-period-in-seconds=2",
      "fish.payara.fail-all-connections=true"
    })
public class Bootstrap {
  public static final String DATASOURCE = "java:app/jdbc/postroom";
  private static final Logger LOG = Logger.getLogger(Bootstrap.class.getName());

  @Inject AppDatabase db;
  @Inject ServerSettings settings;
  @Inject DomainSetup setup;
  @Inject Event<Lifecycle.Started> started;
  @Inject Event<Lifecycle.Stopping> stopping;

  @PostConstruct
  void start() {
    try {
      Flyway.configure(Bootstrap.class.getClassLoader())
          .dataSource(db.dataSource())
          .locations("classpath:db/migration")
          .load()
          .migrate();
      settings.seed();
      setup.initialize();
      TlsKeystore.ensure(settings.process());
      started.fire(new Lifecycle.Started(settings));
      restrictDataDirectory(); // after the parts that start now made their files (DKIM, spool)
      System.setProperty(Launcher.STATUS_PROPERTY, "running");
      LOG.info("postroom: started for " + settings.domain().orElse("(domain not set up yet)"));
    } catch (RuntimeException e) {
      String reason = e.getMessage() == null ? e.toString() : e.getMessage();
      System.setProperty(
          Launcher.STATUS_PROPERTY, "failed: " + reason.lines().findFirst().orElse(""));
      LOG.log(Level.SEVERE, "postroom: start failed", e);
      throw e;
    }
  }

  /** The database files exist now: owner only (see {@link DataDirectory}). */
  private void restrictDataDirectory() {
    try {
      DataDirectory.restrict(settings.process());
    } catch (java.io.IOException e) {
      LOG.log(Level.WARNING, "postroom: cannot restrict the data directory's permissions", e);
    }
  }

  @PreDestroy
  void stop() {
    try {
      stopping.fire(new Lifecycle.Stopping());
    } finally {
      if (db.dialect() == Dialect.H2) {
        // H2 never reuses file space (ADR 0014), so a graceful stop is when the file shrinks:
        // SHUTDOWN COMPACT rewrites the live data into a new file and closes the database.
        // outside any transaction: SHUTDOWN closes the connection under a pending commit
        long started = System.nanoTime();
        boolean compacted = false;
        try (java.sql.Connection c = db.dataSource().getConnection();
            java.sql.Statement st = c.createStatement()) {
          st.execute("SHUTDOWN COMPACT");
          compacted = true;
          // System.out like "postroom: stopped": Payara's log handlers may be gone by now
          System.out.println(
              "postroom: database compacted in "
                  + (System.nanoTime() - started) / 1_000_000
                  + " ms");
        } catch (java.sql.SQLException | RuntimeException e) {
          if (!compacted) { // closing the pooled connection of a shut-down database may complain
            System.out.println("postroom: database not compacted at stop: " + e);
          }
        }
      }
      System.setProperty(Launcher.STATUS_PROPERTY, "stopped");
      System.out.println("postroom: stopped");
    }
  }
}
