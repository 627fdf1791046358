package org.postroom.server;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.Resource;
import jakarta.enterprise.context.ApplicationScoped;
import javax.sql.DataSource;
import org.postroom.db.Database;

/** The application's {@link Database}, over the pool that {@link Bootstrap} defines. */
@ApplicationScoped
public class AppDatabase extends Database {
  @Resource(lookup = Bootstrap.DATASOURCE)
  private DataSource dataSource;

  @PostConstruct
  void connect() {
    init(dataSource);
  }
}
