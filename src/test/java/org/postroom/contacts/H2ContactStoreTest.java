package org.postroom.contacts;

import org.postroom.db.Database;
import org.postroom.testsupport.TestDatabase;

/** The address book contract on H2, the embedded default. */
class H2ContactStoreTest extends ContactStoreContract {
  @Override
  Database freshDatabase() {
    return TestDatabase.h2();
  }
}
