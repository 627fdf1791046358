package org.postroom.deliverability;

import java.util.List;

/** The cases of {@link InboundChecksContract} against real DNS answers from dnsmasq on loopback. */
class InboundChecksDnsmasqIT extends InboundChecksContract {
  @Override
  TestDns startDns(String name, List<String> records) {
    return TestDns.dnsmasq(name, records);
  }
}
