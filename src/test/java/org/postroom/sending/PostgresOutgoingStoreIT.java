package org.postroom.sending;

import org.postroom.db.Database;
import org.postroom.testsupport.TestDatabase;

/** The sending tables on PostgreSQL. */
class PostgresOutgoingStoreIT extends OutgoingStoreContract {
  @Override
  Database freshDatabase() {
    return TestDatabase.postgres();
  }
}
