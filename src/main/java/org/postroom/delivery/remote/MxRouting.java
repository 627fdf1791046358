package org.postroom.delivery.remote;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.postroom.config.Settings;
import org.postroom.dns.DnsAnswer;
import org.postroom.dns.DnsResolver;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.Type;

/**
 * Finds the servers for a domain through Postroom's DNS resolver, addresses of the MX hosts
 * included (never the JDK's resolver): MX records in preference order (equal preferences shuffled,
 * RFC 5321 5.1); no MX, the domain's own address; a null MX ({@code MX 0 .}, RFC 7505) or a domain
 * that does not exist, a permanent failure without connecting anywhere; a DNS timeout or SERVFAIL,
 * a temporary one. IPv4 addresses are tried before IPv6.
 */
public final class MxRouting {
  private final DnsResolver dns;

  public MxRouting(DnsResolver dns) {
    this.dns = dns;
  }

  /** The route to a recipient domain. */
  public Route route(String domain) {
    DnsAnswer mx = dns.lookup(domain, Type.MX);
    switch (mx.status()) {
      case TEMPFAIL:
        return dnsFailure(domain, "MX", mx);
      case NXDOMAIN:
        return new Route.Nowhere(
            RemoteReply.local(550, "5.1.2 Domain " + domain + " does not exist (DNS: NXDOMAIN)"));
      case NODATA:
        return implicitMx(domain);
      default:
        break;
    }
    List<MXRecord> records = new ArrayList<>(mx.recordsOf(MXRecord.class));
    boolean nullMx = records.removeIf(r -> r.getTarget().equals(Name.root));
    if (records.isEmpty()) {
      if (nullMx) {
        return new Route.Nowhere(
            RemoteReply.local(
                556, "5.1.10 Domain " + domain + " accepts no mail (null MX, RFC 7505)"));
      }
      return implicitMx(domain);
    }
    Collections.shuffle(records);
    records.sort(Comparator.comparingInt(MXRecord::getPriority));
    List<MailHost> hosts = new ArrayList<>();
    DnsAnswer failed = null;
    List<String> noAddress = new ArrayList<>();
    for (MXRecord r : records) {
      String name = hostName(r.getTarget());
      Addresses a = addresses(name);
      if (!a.found().isEmpty()) {
        hosts.add(new MailHost(name, a.found()));
      } else if (a.failure() != null) {
        failed = a.failure();
      } else {
        noAddress.add(name);
      }
    }
    if (!hosts.isEmpty()) {
      return new Route.Servers(hosts);
    }
    if (failed != null) {
      return dnsFailure(domain, "address of its MX", failed);
    }
    return new Route.Nowhere(
        RemoteReply.local(
            550,
            "5.4.4 The mail servers of "
                + domain
                + " have no address: "
                + String.join(", ", noAddress)));
  }

  /** The route to a fixed server (the smarthost): an IP literal, or a name resolved here. */
  public Route server(Settings.HostPort server) {
    if (Settings.isIpLiteral(server.host())) {
      try {
        InetAddress literal = InetAddress.getByName(server.host()); // parsed, never looked up
        return new Route.Servers(
            List.of(new MailHost(server.host(), List.of(named(server.host(), literal)))));
      } catch (UnknownHostException e) {
        throw new IllegalArgumentException(server.host(), e);
      }
    }
    Addresses a = addresses(server.host());
    if (!a.found().isEmpty()) {
      return new Route.Servers(List.of(new MailHost(server.host(), a.found())));
    }
    if (a.failure() != null) {
      return dnsFailure(server.host(), "address", a.failure());
    }
    return new Route.Nowhere(
        RemoteReply.local(451, "4.4.4 The smarthost " + server.host() + " has no address"));
  }

  private Route implicitMx(String domain) {
    Addresses a = addresses(domain);
    if (!a.found().isEmpty()) {
      return new Route.Servers(List.of(new MailHost(domain, a.found())));
    }
    if (a.failure() != null) {
      return dnsFailure(domain, "address", a.failure());
    }
    return new Route.Nowhere(
        RemoteReply.local(
            550, "5.1.2 Domain " + domain + " has no mail server (no MX and no address record)"));
  }

  private static Route dnsFailure(String name, String what, DnsAnswer answer) {
    return new Route.Nowhere(
        RemoteReply.local(
            451,
            "4.4.3 DNS lookup of the "
                + what
                + " of "
                + name
                + " failed, will retry ("
                + answer.detail()
                + ")"));
  }

  /** Addresses of a host (A, then AAAA); a failure only when neither lookup gave an answer. */
  private record Addresses(List<InetAddress> found, DnsAnswer failure) {}

  private Addresses addresses(String host) {
    List<InetAddress> found = new ArrayList<>();
    DnsAnswer failure = null;
    for (int type : new int[] {Type.A, Type.AAAA}) {
      DnsAnswer a = dns.lookup(host, type);
      if (a.status() == DnsAnswer.Status.TEMPFAIL) {
        failure = a;
      }
      for (ARecord r : a.recordsOf(ARecord.class)) {
        found.add(named(host, r.getAddress()));
      }
      for (AAAARecord r : a.recordsOf(AAAARecord.class)) {
        found.add(named(host, r.getAddress()));
      }
    }
    return new Addresses(found, found.isEmpty() ? failure : null);
  }

  /** The address with the host name attached, so TLS and logs use the name without a lookup. */
  private static InetAddress named(String host, InetAddress a) {
    try {
      return InetAddress.getByAddress(host, a.getAddress());
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e); // only for a malformed address length
    }
  }

  private static String hostName(Name n) {
    String s = n.toString(true);
    return s.toLowerCase(Locale.ROOT);
  }
}
