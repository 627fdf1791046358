package org.postroom.spam;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Logger;
import org.postroom.config.BlocklistZone;
import org.postroom.config.Setting;
import org.postroom.dns.DnsAnswer;
import org.postroom.dns.DnsResolver;
import org.postroom.runtime.ServerSettings;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/**
 * DNS blocklists (DNSBL of client addresses, RHSBL of domains) asked through Postroom's resolver,
 * with the zones and codes of {@code postroom.spam.dnsbl.zones} and {@code
 * postroom.spam.rhsbl.zones}. A list that answers an error code (127.255.255.x: refused, over the
 * free limit) or does not answer at all lists nobody: the error is logged, at most once a minute
 * per zone, and the mail goes on to the other checks. Answers are kept for their TTL (at most five
 * minutes) on each node, so a connection with many recipients asks once.
 */
@ApplicationScoped
public class Blocklists {
  private static final Logger LOG = Logger.getLogger(Blocklists.class.getName());
  private static final long MAX_CACHE_MILLIS = 300_000;
  private static final long NEGATIVE_CACHE_MILLIS = 60_000;
  private static final int MAX_CACHED = 20_000;
  private static final long LOG_EVERY_MILLIS = 60_000;

  /** A listing: which zone, the name asked, its answer and the list's own text (TXT), if any. */
  public record Listing(String zone, String query, String answer, String text) {}

  private record Cached(Optional<Listing> listing, long until) {}

  @Inject DnsResolver dns;
  @Inject ServerSettings settings;

  private final Map<String, Cached> cache = new ConcurrentHashMap<>();
  private final Map<String, Long> loggedAt = new ConcurrentHashMap<>();

  protected Blocklists() {}

  /** For tests outside the container. */
  Blocklists(DnsResolver dns) {
    this.dns = dns;
  }

  /** The first DNSBL zone that lists this client address. */
  public Optional<Listing> client(InetAddress ip) {
    return client(ip, zones(Setting.SPAM_DNSBL_ZONES));
  }

  /** The first RHSBL zone that lists this domain (a sender's domain or a HELO name). */
  public Optional<Listing> domain(String domain) {
    return domain(domain, zones(Setting.SPAM_RHSBL_ZONES));
  }

  Optional<Listing> client(InetAddress ip, List<BlocklistZone> zones) {
    String reversed = reversed(ip);
    for (BlocklistZone z : zones) {
      Optional<Listing> l = ask(reversed + "." + z.zone(), z);
      if (l.isPresent()) {
        return l;
      }
    }
    return Optional.empty();
  }

  Optional<Listing> domain(String domain, List<BlocklistZone> zones) {
    String d = domain == null ? "" : domain.toLowerCase(Locale.ROOT);
    if (d.endsWith(".")) {
      d = d.substring(0, d.length() - 1);
    }
    if (d.isEmpty() || d.indexOf('.') < 0 || d.startsWith("[") || d.matches("[0-9.]+")) {
      return Optional.empty(); // an address literal or a bare name is nothing a domain list holds
    }
    for (BlocklistZone z : zones) {
      Optional<Listing> l = ask(d + "." + z.zone(), z);
      if (l.isPresent()) {
        return l;
      }
    }
    return Optional.empty();
  }

  private List<BlocklistZone> zones(Setting s) {
    return BlocklistZone.parseList(settings.get(s));
  }

  private Optional<Listing> ask(String query, BlocklistZone zone) {
    long now = System.currentTimeMillis();
    Cached c = cache.get(query);
    if (c != null && c.until() > now) {
      return c.listing();
    }
    DnsAnswer a = dns.lookup(query, Type.A);
    Optional<Listing> result;
    long keep;
    switch (a.status()) {
      case OK -> {
        List<ARecord> records = a.recordsOf(ARecord.class);
        ARecord listed = null;
        ARecord error = null;
        long ttl = MAX_CACHE_MILLIS;
        for (ARecord r : records) {
          byte[] b = r.getAddress().getAddress();
          ttl = Math.min(ttl, r.getTTL() * 1000);
          if (zone.lists(b)) {
            listed = r;
            break;
          }
          if (BlocklistZone.isError(b)) {
            error = r;
          }
        }
        if (listed != null) {
          result =
              Optional.of(
                  new Listing(
                      zone.zone(), query, listed.getAddress().getHostAddress(), text(query)));
        } else {
          if (error != null) {
            logError(
                zone.zone(),
                "spam: "
                    + zone.zone()
                    + " answered "
                    + error.getAddress().getHostAddress()
                    + " for "
                    + query
                    + ": an error code (the query was refused or is over the list's limit), not"
                    + " a listing");
          }
          result = Optional.empty();
        }
        keep = Math.max(1000, ttl);
      }
      case NXDOMAIN, NODATA -> {
        result = Optional.empty();
        keep = NEGATIVE_CACHE_MILLIS;
      }
      default -> {
        logError(
            zone.zone(),
            "spam: no answer from " + zone.zone() + " for " + query + " (" + a.detail() + ")");
        return Optional.empty(); // never cached: the next connection asks again
      }
    }
    if (cache.size() >= MAX_CACHED) {
      cache.clear();
    }
    cache.put(query, new Cached(result, now + keep));
    return result;
  }

  /** The list's explanation (its TXT record), printable and short, or empty. */
  private String text(String query) {
    DnsAnswer t = dns.lookup(query, Type.TXT);
    if (!t.isOk()) {
      return "";
    }
    for (TXTRecord r : t.recordsOf(TXTRecord.class)) {
      String s = String.join("", r.getStrings()).replaceAll("[^\\x20-\\x7e]", "").strip();
      if (!s.isEmpty()) {
        return s.length() > 200 ? s.substring(0, 200) : s;
      }
    }
    return "";
  }

  private void logError(String zone, String message) {
    long now = System.currentTimeMillis();
    Long last = loggedAt.get(zone);
    if (last == null || now - last > LOG_EVERY_MILLIS) {
      loggedAt.put(zone, now);
      LOG.warning(message);
    }
  }

  /** The DNSBL form of an address: reversed octets (IPv4) or reversed nibbles (IPv6). */
  static String reversed(InetAddress ip) {
    byte[] b = ip.getAddress();
    StringBuilder s = new StringBuilder();
    if (ip instanceof Inet4Address) {
      for (int i = b.length - 1; i >= 0; i--) {
        s.append(b[i] & 0xff);
        if (i > 0) {
          s.append('.');
        }
      }
      return s.toString();
    }
    for (int i = b.length - 1; i >= 0; i--) {
      s.append(Character.forDigit(b[i] & 0x0f, 16)).append('.');
      s.append(Character.forDigit((b[i] >> 4) & 0x0f, 16));
      if (i > 0) {
        s.append('.');
      }
    }
    return s.toString();
  }
}
