package org.postroom.sending;

import org.postroom.db.Database;
import org.postroom.testsupport.TestDatabase;

/** The sending tables on H2, the embedded default. */
class H2OutgoingStoreTest extends OutgoingStoreContract {
  @Override
  Database freshDatabase() {
    return TestDatabase.h2();
  }
}
