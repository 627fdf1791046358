package org.postroom.deliverability;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.postroom.config.Settings;
import org.postroom.dns.DnsJavaResolver;
import org.postroom.dns.DnsResolver;
import org.postroom.testsupport.DnsServer;
import org.postroom.testsupport.FreePort;
import org.postroom.testsupport.ZoneResolver;

/**
 * The DNS the evaluators' tests ask, given as dnsmasq lines: in memory for the unit tests (no
 * daemon), dnsmasq on loopback with Postroom's own resolver for the integration tests that run the
 * same cases.
 */
interface TestDns extends AutoCloseable {
  DnsResolver resolver();

  /** Replaces every record. */
  void setRecords(List<String> lines);

  /** A resolver of the same kind that never gets an answer: every lookup is a DNS error. */
  DnsResolver dead();

  @Override
  void close();

  static TestDns inMemory(List<String> lines) {
    ZoneResolver zone = ZoneResolver.of(lines);
    return new TestDns() {
      @Override
      public DnsResolver resolver() {
        return zone;
      }

      @Override
      public void setRecords(List<String> l) {
        zone.setRecords(l);
      }

      @Override
      public DnsResolver dead() {
        return ZoneResolver.dead();
      }

      @Override
      public void close() {}
    };
  }

  static TestDns dnsmasq(String name, List<String> lines) {
    DnsServer server =
        DnsServer.start(
            Path.of("target", "peers", name + "-" + System.nanoTime()).toAbsolutePath(), lines);
    DnsResolver resolver =
        new DnsJavaResolver(
            List.of(new Settings.HostPort("127.0.0.1", server.port())), Duration.ofSeconds(2));
    return new TestDns() {
      @Override
      public DnsResolver resolver() {
        return resolver;
      }

      @Override
      public void setRecords(List<String> l) {
        server.setRecords(l);
      }

      @Override
      public DnsResolver dead() {
        // a loopback port where nothing answers
        return new DnsJavaResolver(
            List.of(new Settings.HostPort("127.0.0.1", FreePort.any())), Duration.ofMillis(300));
      }

      @Override
      public void close() {
        server.close();
      }
    };
  }
}
