package org.postroom.deliverability;

import java.util.List;

/** The cases of {@link DmarcContract} against DNS answers from a zone in memory. */
class DmarcTest extends DmarcContract {
  @Override
  TestDns startDns(String name, List<String> records) {
    return TestDns.inMemory(records);
  }
}
