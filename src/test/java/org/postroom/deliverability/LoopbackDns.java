package org.postroom.deliverability;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.postroom.config.Settings;
import org.postroom.dns.DnsJavaResolver;
import org.postroom.dns.DnsResolver;
import org.postroom.testsupport.DnsServer;

/** A dnsmasq on loopback and Postroom's resolver pointed at it, for the evaluator tests. */
final class LoopbackDns {
  private LoopbackDns() {}

  static DnsServer start(String name, List<String> records) {
    return DnsServer.start(
        Path.of("target", "peers", name + "-" + System.nanoTime()).toAbsolutePath(), records);
  }

  static DnsResolver resolver(DnsServer dns) {
    return new DnsJavaResolver(
        List.of(new Settings.HostPort("127.0.0.1", dns.port())), Duration.ofSeconds(2));
  }

  /** A resolver asking a loopback port where nothing answers: every lookup is a DNS error. */
  static DnsResolver dead() {
    return new DnsJavaResolver(
        List.of(new Settings.HostPort("127.0.0.1", org.postroom.testsupport.FreePort.any())),
        Duration.ofMillis(300));
  }
}
