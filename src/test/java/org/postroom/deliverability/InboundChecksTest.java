package org.postroom.deliverability;

import java.util.List;

/** The cases of {@link InboundChecksContract} against DNS answers from a zone in memory. */
class InboundChecksTest extends InboundChecksContract {
  @Override
  TestDns startDns(String name, List<String> records) {
    return TestDns.inMemory(records);
  }
}
