package org.postroom.mailbox;

import org.postroom.db.Database;
import org.postroom.testsupport.TestDatabase;

/** The store contract on H2, the embedded default. */
class H2StoreTest extends StoreContract {
  @Override
  Database freshDatabase() {
    return TestDatabase.h2();
  }
}
