package org.postroom.delivery.queue;

import org.postroom.db.Database;
import org.postroom.testsupport.TestDatabase;

/** The outbound queue's contract on PostgreSQL, the database for more than one node. */
class PostgresOutboundStoreIT extends OutboundStoreContract {
  @Override
  Database freshDatabase() {
    return TestDatabase.postgres();
  }
}
