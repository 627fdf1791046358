package org.postroom.runtime;

import org.postroom.db.Database;
import org.postroom.testsupport.TestDatabase;

/** The settings table on H2. */
class H2SettingStoreTest extends SettingStoreContract {
  @Override
  Database freshDatabase() {
    return TestDatabase.h2();
  }
}
