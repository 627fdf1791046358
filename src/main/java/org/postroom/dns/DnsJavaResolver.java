package org.postroom.dns;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.postroom.config.Settings;
import org.postroom.runtime.ServerSettings;
import org.xbill.DNS.ExtendedResolver;
import org.xbill.DNS.Lookup;
import org.xbill.DNS.Name;
import org.xbill.DNS.Resolver;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.TextParseException;

/**
 * The {@link DnsResolver} Postroom runs with: dnsjava, without a cache. With {@code
 * postroom.dns.servers} set, only those servers are asked (tests point it at dnsmasq on loopback);
 * otherwise the system's resolvers from /etc/resolv.conf. Never the JDK's resolver, which cannot
 * use another port.
 */
@ApplicationScoped
public class DnsJavaResolver implements DnsResolver {
  @Inject ServerSettings settings;

  private Resolver resolver;

  protected DnsJavaResolver() {}

  /** For tests outside the container. */
  public DnsJavaResolver(List<Settings.HostPort> servers, Duration timeout) {
    resolver = build(servers, timeout);
  }

  @PostConstruct
  void init() {
    resolver = build(settings.process().dnsServers(), Duration.ofSeconds(5));
  }

  private static Resolver build(List<Settings.HostPort> servers, Duration timeout) {
    Resolver r;
    if (servers.isEmpty()) {
      r = new ExtendedResolver();
    } else {
      List<Resolver> list = new ArrayList<>();
      for (Settings.HostPort hp : servers) {
        SimpleResolver s = new SimpleResolver(new InetSocketAddress(hp.host(), hp.port()));
        list.add(s);
      }
      ExtendedResolver e = new ExtendedResolver(list);
      e.setRetries(1);
      r = e;
    }
    r.setTimeout(timeout);
    return r;
  }

  @Override
  public DnsAnswer lookup(String name, int type) {
    Lookup l;
    try {
      l = new Lookup(Name.fromString(name.endsWith(".") ? name : name + "."), type);
    } catch (TextParseException e) {
      return new DnsAnswer(DnsAnswer.Status.NXDOMAIN, List.of(), "not a DNS name: " + name);
    }
    l.setResolver(resolver);
    l.setCache(null);
    l.setSearchPath((Name[]) null);
    var records = l.run();
    switch (l.getResult()) {
      case Lookup.SUCCESSFUL:
        return new DnsAnswer(DnsAnswer.Status.OK, Arrays.asList(records), "");
      case Lookup.HOST_NOT_FOUND:
        return new DnsAnswer(DnsAnswer.Status.NXDOMAIN, List.of(), l.getErrorString());
      case Lookup.TYPE_NOT_FOUND:
        return new DnsAnswer(DnsAnswer.Status.NODATA, List.of(), l.getErrorString());
      default:
        return new DnsAnswer(DnsAnswer.Status.TEMPFAIL, List.of(), l.getErrorString());
    }
  }
}
