package org.postroom.deliverability;

import java.util.List;

/** The cases of {@link DmarcContract} against real DNS answers from dnsmasq on loopback. */
class DmarcDnsmasqIT extends DmarcContract {
  @Override
  TestDns startDns(String name, List<String> records) {
    return TestDns.dnsmasq(name, records);
  }
}
