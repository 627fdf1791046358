package org.postroom.contacts;

import org.postroom.db.Database;
import org.postroom.testsupport.TestDatabase;

/** The address book contract on PostgreSQL. */
class PostgresContactStoreIT extends ContactStoreContract {
  @Override
  Database freshDatabase() {
    return TestDatabase.postgres();
  }
}
