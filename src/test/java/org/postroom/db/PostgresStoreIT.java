package org.postroom.db;

import org.postroom.testsupport.TestDatabase;

/** The store contract on PostgreSQL (Debian's package, started on a loopback port). */
class PostgresStoreIT extends StoreContract {
  @Override
  Database freshDatabase() {
    return TestDatabase.postgres();
  }
}
