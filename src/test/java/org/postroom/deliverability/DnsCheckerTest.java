package org.postroom.deliverability;

import java.util.List;

/** The cases of {@link DnsCheckerContract} against DNS answers from a zone in memory. */
class DnsCheckerTest extends DnsCheckerContract {
  @Override
  TestDns startDns(String name, List<String> records) {
    return TestDns.inMemory(records);
  }
}
