package org.postroom.delivery.queue;

import org.postroom.db.Database;
import org.postroom.testsupport.TestDatabase;

/** The outbound queue's contract on H2, the embedded default. */
class H2OutboundStoreTest extends OutboundStoreContract {
  @Override
  Database freshDatabase() {
    return TestDatabase.h2();
  }
}
