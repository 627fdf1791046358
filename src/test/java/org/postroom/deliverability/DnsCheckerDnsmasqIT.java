package org.postroom.deliverability;

import java.util.List;

/** The cases of {@link DnsCheckerContract} against real DNS answers from dnsmasq on loopback. */
class DnsCheckerDnsmasqIT extends DnsCheckerContract {
  @Override
  TestDns startDns(String name, List<String> records) {
    return TestDns.dnsmasq(name, records);
  }
}
