package org.postroom.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The validated configuration: every {@link Setting} checked once, derived defaults resolved
 * ({@code mail.<domain>}, the H2 file in the data directory). Plain Java, so the launcher can run
 * the same checks before Payara Micro starts. Immutable and serialisable-free by design: build a
 * new one to see new values.
 */
public final class Settings {
  private static final Pattern LABEL = Pattern.compile("[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?");
  private static final Pattern IPV4 =
      Pattern.compile(
          "(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)(\\.(25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)){3}");
  private static final Pattern DURATION = Pattern.compile("(\\d+)\\s*(ms|s|m|h|d)?");
  private static final Pattern BYTES = Pattern.compile("(\\d+)\\s*(|b|k|kb|kib|m|mb|mib|g|gb|gib)");

  private final Map<Setting, String> values;
  private final Set<Setting> explicit;

  private Settings(Map<Setting, String> values, Set<Setting> explicit) {
    this.values = Collections.unmodifiableMap(values);
    this.explicit = Collections.unmodifiableSet(explicit);
  }

  /**
   * Reads and checks every key.
   *
   * @throws ConfigException for the first value that is wrong, naming its key
   */
  public static Settings load(ConfigLookup lookup) {
    Map<Setting, String> values = new EnumMap<>(Setting.class);
    Set<Setting> explicit = EnumSet.noneOf(Setting.class);
    for (Setting s : Setting.values()) {
      Optional<String> v = lookup.find(s).map(String::trim).filter(x -> !x.isEmpty());
      if (v.isPresent()) {
        explicit.add(s);
        values.put(s, check(s, v.get()));
      }
    }
    // derived defaults, in dependency order
    for (Setting s : Setting.values()) {
      if (!values.containsKey(s)) {
        values.put(s, derivedDefault(s, values));
      }
    }
    return new Settings(values, explicit);
  }

  private static String derivedDefault(Setting s, Map<Setting, String> known) {
    switch (s) {
      case HOSTNAME:
        String domain = known.getOrDefault(Setting.DOMAIN, "");
        return domain.isEmpty() ? "" : "mail." + domain;
      case DB_URL:
        Path dir = Path.of(known.get(Setting.DATA_DIR)).toAbsolutePath().normalize();
        return "jdbc:h2:file:" + dir.resolve("db").resolve("postroom") + h2Options();
      default:
        return s.defaultValue();
    }
  }

  /**
   * H2 options Postroom relies on. WRITE_DELAY=0 writes every commit before the commit returns, so
   * a 250 reply survives {@code kill -9} (H2 otherwise buffers about a second of commits).
   * QUERY_CACHE_SIZE keeps the parsed form of more statements per pooled connection than the 8 of
   * H2's default, so hot paths such as the relay's do not parse their SQL again each time.
   * REUSE_SPACE=FALSE keeps H2 from writing new chunks over the space of old ones: with reuse, H2
   * 2.2.224 corrupted its file ("Double mark") after one of every 3 to 17 kills (ADR 0014).
   */
  static String h2Options() {
    return ";WRITE_DELAY=0;REUSE_SPACE=FALSE;DB_CLOSE_ON_EXIT=FALSE;LOCK_TIMEOUT=20000"
        + ";DEFAULT_LOCK_TIMEOUT=20000;QUERY_CACHE_SIZE=64";
  }

  /** A configured H2 URL with the options that durability needs, unless it sets them itself. */
  private static String durableH2(String url) {
    String u = url;
    String upper = url.toUpperCase(Locale.ROOT);
    if (!upper.contains("WRITE_DELAY=")) {
      u += ";WRITE_DELAY=0"; // a 250 must survive kill -9: never let H2 delay writing a commit
    }
    if (!upper.contains("REUSE_SPACE=")) {
      u += ";REUSE_SPACE=FALSE";
    }
    return u;
  }

  /** Checks one raw value and returns its canonical form. */
  public static String check(Setting s, String raw) {
    String v = raw.trim();
    switch (s.type()) {
      case PORT:
        port(s, v, 1);
        return v;
      case PORT_OR_OFF:
        port(s, v, 0);
        return v;
      case POSITIVE_INT:
        try {
          if (Integer.parseInt(v) > 0) {
            return v;
          }
        } catch (NumberFormatException e) {
          // reported below
        }
        throw new ConfigException(s, "'" + v + "' is not a positive whole number");
      case COUNT:
        try {
          if (Integer.parseInt(v) >= 0) {
            return v;
          }
        } catch (NumberFormatException e) {
          // reported below
        }
        throw new ConfigException(s, "'" + v + "' is not a whole number (0 or more)");
      case BOOLEAN:
        String b = v.toLowerCase(Locale.ROOT);
        if (b.equals("true") || b.equals("false")) {
          return b;
        }
        throw new ConfigException(s, "'" + v + "' is not true or false");
      case IP_ADDRESS:
        if (isIpLiteral(v)) {
          return v;
        }
        throw new ConfigException(
            s, "'" + v + "' is not an IP address (e.g. 0.0.0.0 or 127.0.0.1)");
      case IPV4_ADDRESS:
        if (IPV4.matcher(v).matches()) {
          return v;
        }
        throw new ConfigException(s, "'" + v + "' is not an IPv4 address (e.g. 203.0.113.5)");
      case IPV6_ADDRESS:
        if (v.indexOf(':') >= 0 && isIpLiteral(v)) {
          return v.toLowerCase(Locale.ROOT);
        }
        throw new ConfigException(s, "'" + v + "' is not an IPv6 address (e.g. 2001:db8::5)");
      case CHOICE:
        String c = v.toLowerCase(Locale.ROOT);
        if (s.choices().contains(c)) {
          return c;
        }
        throw new ConfigException(s, "'" + v + "' is not one of " + String.join(", ", s.choices()));
      case DOMAIN:
      case HOSTNAME:
        String d = v.toLowerCase(Locale.ROOT);
        if (d.endsWith(".")) {
          d = d.substring(0, d.length() - 1);
        }
        if (!isDomainName(d)) {
          throw new ConfigException(s, "'" + v + "' is not a domain name (e.g. example.org)");
        }
        return d;
      case JDBC_URL:
        if (v.startsWith("jdbc:h2:")) {
          return durableH2(v);
        }
        if (v.startsWith("jdbc:postgresql:")) {
          return v;
        }
        throw new ConfigException(
            s, "'" + v + "' is neither a jdbc:h2: nor a jdbc:postgresql: URL");
      case HOST_PORT_LIST:
        for (String part : v.split(",")) {
          hostPort(s, part.trim(), 53);
        }
        return v;
      case DURATION:
        duration(s, v);
        return v;
      case BYTES:
        bytes(s, v);
        return v;
      case HOST_PORT:
        return v.isEmpty() ? v : serverAddress(s, v).toString();
      case BLOCKLIST_ZONES:
        return blocklistZones(s, v);
      case HTTP_URL:
        if (v.isEmpty() || v.matches("https?://[A-Za-z0-9.\\[\\]:-]+(:\\d{1,5})?(/\\S*)?")) {
          return v.endsWith("/") ? v.substring(0, v.length() - 1) : v;
        }
        throw new ConfigException(s, "'" + v + "' is not an http:// or https:// URL");
      case SECRET:
        if (s == Setting.ADMIN_PASSWORD && v.length() < 10) {
          throw new ConfigException(s, "use at least 10 characters");
        }
        return v;
      default:
        return v;
    }
  }

  /** A blocklist zone list in its canonical form (see {@link BlocklistZone#parseList}). */
  private static String blocklistZones(Setting s, String v) {
    try {
      List<BlocklistZone> zones = BlocklistZone.parseList(v);
      if (zones.isEmpty()) {
        return BlocklistZone.NONE;
      }
      return String.join(", ", zones.stream().map(BlocklistZone::toString).toList());
    } catch (IllegalArgumentException e) {
      throw new ConfigException(s, e.getMessage());
    }
  }

  private static int port(Setting s, String v, int min) {
    try {
      int p = Integer.parseInt(v);
      if (p >= min && p <= 65535) {
        return p;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new ConfigException(
        s,
        "'"
            + v
            + "' is not a port number ("
            + (min == 0 ? "1-65535, or 0 to turn it off" : "1-65535")
            + ")");
  }

  /** True for a dotted IPv4 literal or an IPv6 literal; never asks DNS. */
  public static boolean isIpLiteral(String v) {
    if (IPV4.matcher(v).matches()) {
      return true;
    }
    if (v.indexOf(':') >= 0 && v.matches("[0-9A-Fa-f:.]+")) {
      try {
        java.net.InetAddress.getByName(v); // a literal containing ':' is parsed, never looked up
        return true;
      } catch (java.net.UnknownHostException e) {
        return false;
      }
    }
    return false;
  }

  /** RFC 1035 host name syntax with at least two labels, lower case. */
  public static boolean isDomainName(String d) {
    if (d.isEmpty() || d.length() > 253) {
      return false;
    }
    String[] labels = d.split("\\.", -1);
    if (labels.length < 2) {
      return false;
    }
    for (String label : labels) {
      if (!LABEL.matcher(label).matches()) {
        return false;
      }
    }
    return !labels[labels.length - 1].matches("\\d+");
  }

  /** A resolver address: an IP literal with an optional port ({@code [v6]:port} for IPv6). */
  public record HostPort(String host, int port) {
    @Override
    public String toString() {
      return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
  }

  private static HostPort hostPort(Setting s, String v, int defaultPort) {
    String host = v;
    String portText = null;
    if (v.startsWith("[")) {
      int end = v.indexOf(']');
      if (end < 0) {
        throw new ConfigException(s, "'" + v + "' has an unclosed [");
      }
      host = v.substring(1, end);
      if (v.length() > end + 1) {
        if (v.charAt(end + 1) != ':') {
          throw new ConfigException(s, "'" + v + "' is not host[:port]");
        }
        portText = v.substring(end + 2);
      }
    } else if (v.indexOf(':') >= 0 && v.indexOf(':') == v.lastIndexOf(':')) {
      host = v.substring(0, v.indexOf(':'));
      portText = v.substring(v.indexOf(':') + 1);
    }
    if (!isIpLiteral(host)) {
      throw new ConfigException(s, "'" + v + "' does not start with an IP address");
    }
    int port = portText == null ? defaultPort : port(s, portText, 1);
    return new HostPort(host, port);
  }

  /**
   * A server as {@code host:port}: a host name or an IP literal ({@code [v6]:port}), port required.
   */
  public static HostPort serverAddress(Setting s, String v) {
    String t = v.trim();
    int colon = t.lastIndexOf(':');
    if (colon <= 0 || colon == t.length() - 1) {
      throw new ConfigException(s, "'" + v + "' is not host:port (e.g. smtp.example.net:587)");
    }
    String host = t.substring(0, colon).toLowerCase(Locale.ROOT);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    if (host.endsWith(".")) {
      host = host.substring(0, host.length() - 1);
    }
    if (!isIpLiteral(host) && !isDomainName(host)) {
      throw new ConfigException(s, "'" + v + "' does not start with a host name or IP address");
    }
    return new HostPort(host, port(s, t.substring(colon + 1), 1));
  }

  /** Parses {@code 300}, {@code 300s}, {@code 5m}, {@code 1h}, {@code 5d}, {@code 250ms}. */
  public static Duration duration(Setting s, String v) {
    var m = DURATION.matcher(v.trim().toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      throw new ConfigException(s, "'" + v + "' is not a duration (e.g. 30s, 5m, 1h, 5d)");
    }
    long n = Long.parseLong(m.group(1));
    String unit = m.group(2) == null ? "s" : m.group(2);
    switch (unit) {
      case "ms":
        return Duration.ofMillis(n);
      case "m":
        return Duration.ofMinutes(n);
      case "h":
        return Duration.ofHours(n);
      case "d":
        return Duration.ofDays(n);
      default:
        return Duration.ofSeconds(n);
    }
  }

  /**
   * Parses a size: {@code 26214400}, {@code 512k}, {@code 25MiB}, {@code 1g}. Units are binary (k =
   * 1024), as mail size limits usually are.
   */
  public static long bytes(Setting s, String v) {
    var m = BYTES.matcher(v.trim().toLowerCase(Locale.ROOT));
    if (!m.matches()) {
      throw new ConfigException(
          s, "'" + v + "' is not a size (e.g. 26214400, 512KiB, 25MiB, 1GiB)");
    }
    int shift =
        switch (m.group(2).isEmpty() ? 'b' : m.group(2).charAt(0)) {
          case 'k' -> 10;
          case 'm' -> 20;
          case 'g' -> 30;
          default -> 0;
        };
    try {
      long n = Long.parseLong(m.group(1));
      if (n > (Long.MAX_VALUE >> shift)) {
        throw new NumberFormatException();
      }
      return n << shift;
    } catch (NumberFormatException e) {
      throw new ConfigException(s, "'" + v + "' is too large");
    }
  }

  // ---- accessors

  /** The effective value as text (explicit, or the resolved default). */
  public String text(Setting s) {
    return values.get(s);
  }

  /** True when the environment (or a -D property) sets the key, so it wins over the database. */
  public boolean isExplicit(Setting s) {
    return explicit.contains(s);
  }

  public int integer(Setting s) {
    return Integer.parseInt(values.get(s));
  }

  public boolean flag(Setting s) {
    return Boolean.parseBoolean(values.get(s));
  }

  public Duration duration(Setting s) {
    return duration(s, values.get(s));
  }

  public Optional<String> optional(Setting s) {
    String v = values.get(s);
    return v == null || v.isEmpty() ? Optional.empty() : Optional.of(v);
  }

  public Path dataDir() {
    return Path.of(values.get(Setting.DATA_DIR)).toAbsolutePath().normalize();
  }

  public String bindAddress() {
    return values.get(Setting.BIND_ADDRESS);
  }

  public boolean isPostgres() {
    return values.get(Setting.DB_URL).startsWith("jdbc:postgresql:");
  }

  /** The JDBC DataSource class for the configured URL. */
  public String dataSourceClass() {
    return isPostgres() ? "org.postgresql.ds.PGSimpleDataSource" : "org.h2.jdbcx.JdbcDataSource";
  }

  public List<HostPort> dnsServers() {
    List<HostPort> list = new ArrayList<>();
    String v = values.get(Setting.DNS_SERVERS);
    if (v != null && !v.isBlank()) {
      for (String part : v.split(",")) {
        list.add(hostPort(Setting.DNS_SERVERS, part.trim(), 53));
      }
    }
    return list;
  }

  /** Listeners that are switched on (port &gt; 0), in a fixed order. */
  public Map<Setting, Integer> enabledPorts() {
    Map<Setting, Integer> ports = new EnumMap<>(Setting.class);
    for (Setting s : Setting.values()) {
      if (s.type() == Setting.Type.PORT_OR_OFF
          || (s.type() == Setting.Type.PORT && s != Setting.RELAY_PORT)) {
        int p = integer(s);
        if (p > 0) {
          ports.put(s, p);
        }
      }
    }
    return ports;
  }
}
