package org.postroom.mailbox;

import org.postroom.db.Database;
import org.postroom.testsupport.TestDatabase;

/** The store contract on PostgreSQL (Debian's package, started on a loopback port). */
class PostgresStoreIT extends StoreContract {
  @Override
  Database freshDatabase() {
    return TestDatabase.postgres();
  }
}
