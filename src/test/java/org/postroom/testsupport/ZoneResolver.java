package org.postroom.testsupport;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.postroom.dns.DnsAnswer;
import org.postroom.dns.DnsResolver;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Name;
import org.xbill.DNS.PTRRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.ReverseMap;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.TextParseException;

/**
 * A {@link DnsResolver} for unit tests: answers from a zone in memory, given as the same dnsmasq
 * lines {@link DnsServer} serves ({@code txt-record=}, {@code host-record=}, {@code mx-host=},
 * {@code cname=}, {@code ptr-record=}), with dnsmasq's answers: a {@code host-record} also gives
 * the address's PTR, names under {@code .test} and the reverse zones that are not listed do not
 * exist, other names get no answer. The evaluators' tests run against it and, as integration tests,
 * against dnsmasq itself, so the two cannot drift apart unnoticed.
 */
public final class ZoneResolver implements DnsResolver {
  private static final long TTL = 1;
  private static final List<String> LOCAL_ZONES =
      List.of("test.", "127.in-addr.arpa.", "ip6.arpa.");

  private final boolean dead;
  private volatile Map<Name, List<Record>> zone = Map.of();

  private ZoneResolver(boolean dead) {
    this.dead = dead;
  }

  public static ZoneResolver of(List<String> dnsmasqLines) {
    ZoneResolver z = new ZoneResolver(false);
    z.setRecords(dnsmasqLines);
    return z;
  }

  /** A resolver that never gets an answer: every lookup is a temporary failure. */
  public static ZoneResolver dead() {
    return new ZoneResolver(true);
  }

  /** Replaces the zone, as {@link DnsServer#setRecords} does. */
  public void setRecords(List<String> dnsmasqLines) {
    Map<Name, List<Record>> z = new HashMap<>();
    for (String line : dnsmasqLines) {
      for (Record r : parse(line)) {
        z.computeIfAbsent(r.getName(), k -> new ArrayList<>()).add(r);
      }
    }
    zone = z;
  }

  @Override
  public DnsAnswer lookup(String name, int type) {
    if (dead) {
      return new DnsAnswer(DnsAnswer.Status.TEMPFAIL, List.of(), "timed out");
    }
    Name n;
    try {
      n = Name.fromString(name.endsWith(".") ? name : name + ".");
    } catch (TextParseException e) {
      return new DnsAnswer(DnsAnswer.Status.NXDOMAIN, List.of(), "not a DNS name: " + name);
    }
    Map<Name, List<Record>> z = zone;
    for (int hops = 0; hops < 8; hops++) {
      List<Record> here = z.get(lower(n));
      if (here == null) {
        return local(n)
            ? new DnsAnswer(DnsAnswer.Status.NXDOMAIN, List.of(), "host not found")
            : new DnsAnswer(DnsAnswer.Status.TEMPFAIL, List.of(), "server failure");
      }
      List<Record> matching = here.stream().filter(r -> r.getType() == type).toList();
      if (!matching.isEmpty()) {
        return new DnsAnswer(DnsAnswer.Status.OK, matching, "");
      }
      var cname = here.stream().filter(r -> r instanceof CNAMERecord).findFirst();
      if (cname.isEmpty()) {
        return new DnsAnswer(DnsAnswer.Status.NODATA, List.of(), "type not found");
      }
      n = ((CNAMERecord) cname.get()).getTarget();
    }
    return new DnsAnswer(DnsAnswer.Status.TEMPFAIL, List.of(), "CNAME loop");
  }

  private static boolean local(Name n) {
    String s = n.toString().toLowerCase(Locale.ROOT);
    return LOCAL_ZONES.stream().anyMatch(z -> s.equals(z) || s.endsWith("." + z));
  }

  private static Name lower(Name n) {
    return name(n.toString().toLowerCase(Locale.ROOT));
  }

  private static Name name(String s) {
    try {
      return Name.fromString(
          s.endsWith(".") ? s.toLowerCase(Locale.ROOT) : s.toLowerCase(Locale.ROOT) + ".");
    } catch (TextParseException e) {
      throw new IllegalArgumentException("not a DNS name: " + s, e);
    }
  }

  static List<Record> parse(String line) {
    int eq = line.indexOf('=');
    if (eq < 0) {
      throw new IllegalArgumentException("not a dnsmasq record line: " + line);
    }
    String kind = line.substring(0, eq);
    List<String> f = fields(line.substring(eq + 1));
    List<Record> out = new ArrayList<>();
    switch (kind) {
      case "txt-record" -> {
        // like dnsmasq, a string over 255 octets is served as consecutive strings of 255
        List<String> strings = new ArrayList<>();
        for (String t : f.subList(1, f.size())) {
          for (int i = 0; i < t.length(); i += 255) {
            strings.add(t.substring(i, Math.min(t.length(), i + 255)));
          }
          if (t.isEmpty()) {
            strings.add(t);
          }
        }
        out.add(new TXTRecord(name(f.get(0)), DClass.IN, TTL, strings));
      }
      case "mx-host" ->
          out.add(
              new MXRecord(
                  name(f.get(0)),
                  DClass.IN,
                  TTL,
                  f.size() > 2 ? Integer.parseInt(f.get(2)) : 1,
                  name(f.size() > 1 ? f.get(1) : f.get(0))));
      case "cname" -> out.add(new CNAMERecord(name(f.get(0)), DClass.IN, TTL, name(f.get(1))));
      case "ptr-record" -> out.add(new PTRRecord(name(f.get(0)), DClass.IN, TTL, name(f.get(1))));
      case "host-record" -> {
        List<Name> names = new ArrayList<>();
        List<InetAddress> addresses = new ArrayList<>();
        for (String x : f) {
          if (x.matches("[0-9.]+") && x.chars().filter(ch -> ch == '.').count() == 3
              || x.contains(":")) {
            addresses.add(address(x));
          } else if (!x.matches("\\d+")) { // a bare number is a TTL
            names.add(name(x));
          }
        }
        for (Name n : names) {
          for (InetAddress a : addresses) {
            out.add(
                a.getAddress().length == 4
                    ? new ARecord(n, DClass.IN, TTL, a)
                    : new AAAARecord(n, DClass.IN, TTL, a));
          }
        }
        for (InetAddress a : addresses) {
          out.add(new PTRRecord(lower(ReverseMap.fromAddress(a)), DClass.IN, TTL, names.get(0)));
        }
      }
      default -> throw new IllegalArgumentException("no in-memory answer for: " + line);
    }
    return out;
  }

  private static InetAddress address(String literal) {
    try {
      return InetAddress.getByName(literal); // a literal: never looked up
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("not an address: " + literal, e);
    }
  }

  /** The comma-separated fields of a dnsmasq value; double quotes keep commas (and drop out). */
  static List<String> fields(String value) {
    List<String> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '"') {
        quoted = !quoted;
      } else if (c == ',' && !quoted) {
        out.add(cur.toString());
        cur.setLength(0);
      } else {
        cur.append(c);
      }
    }
    out.add(cur.toString());
    return out;
  }
}
