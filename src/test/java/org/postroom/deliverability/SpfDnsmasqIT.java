package org.postroom.deliverability;

import java.util.List;

/** The cases of {@link SpfContract} against real DNS answers from dnsmasq on loopback. */
class SpfDnsmasqIT extends SpfContract {
  @Override
  TestDns startDns(String name, List<String> records) {
    return TestDns.dnsmasq(name, records);
  }
}
