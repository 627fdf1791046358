package org.postroom.mailbox;

import org.postroom.db.Database;
import org.postroom.testsupport.TestDatabase;

/** The mail store contract on PostgreSQL. */
class PostgresMailStoreIT extends MailStoreContract {
  @Override
  Database freshDatabase() {
    return TestDatabase.postgres();
  }
}
