package org.postroom.deliverability;

import java.util.List;

/** The cases of {@link SpfContract} against DNS answers from a zone in memory. */
class SpfTest extends SpfContract {
  @Override
  TestDns startDns(String name, List<String> records) {
    return TestDns.inMemory(records);
  }
}
