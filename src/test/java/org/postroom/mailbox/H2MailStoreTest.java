package org.postroom.mailbox;

import org.postroom.db.Database;
import org.postroom.testsupport.TestDatabase;

/** The mail store contract on H2. */
class H2MailStoreTest extends MailStoreContract {
  @Override
  Database freshDatabase() {
    return TestDatabase.h2();
  }
}
