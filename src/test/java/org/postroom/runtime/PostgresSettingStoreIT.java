package org.postroom.runtime;

import org.postroom.db.Database;
import org.postroom.testsupport.TestDatabase;

/** The settings table on PostgreSQL. */
class PostgresSettingStoreIT extends SettingStoreContract {
  @Override
  Database freshDatabase() {
    return TestDatabase.postgres();
  }
}
