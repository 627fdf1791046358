package org.postroom.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One DNS blocklist as configured: its zone and the answers that mean "listed", in Postfix's syntax
 * ({@code zen.spamhaus.org=127.0.0.[2..11]}; each octet a number, a range {@code [2..11]} or a
 * choice {@code [2;4;9]}). Without codes any answer in 127.0.0.0/8 lists, except 127.255.255.x,
 * which the Spamhaus lists (and others) use for errors: refused queries, over the free limit.
 *
 * @param octets for each of the four octets the values that match, as {@code [low, high]} pairs;
 *     empty when the zone has no codes
 */
public record BlocklistZone(String zone, List<List<int[]>> octets) {
  /** The value that configures no list at all (an empty value means the default). */
  public static final String NONE = "none";

  public BlocklistZone {
    octets = List.copyOf(octets);
  }

  /** Parses a comma separated list; blank items are skipped, and {@code none} is no list. */
  public static List<BlocklistZone> parseList(String value) {
    if (value.strip().equalsIgnoreCase(NONE)) {
      return List.of();
    }
    List<BlocklistZone> out = new ArrayList<>();
    for (String part : value.split(",")) {
      String z = part.strip().toLowerCase(Locale.ROOT);
      if (!z.isEmpty()) {
        out.add(parse(z));
      }
    }
    return List.copyOf(out);
  }

  /** Parses one {@code zone} or {@code zone=codes}. */
  public static BlocklistZone parse(String item) {
    String z = item.strip().toLowerCase(Locale.ROOT);
    int eq = z.indexOf('=');
    String zone = eq < 0 ? z : z.substring(0, eq);
    if (zone.endsWith(".")) {
      zone = zone.substring(0, zone.length() - 1);
    }
    if (!Settings.isDomainName(zone)) {
      throw new IllegalArgumentException(
          "'" + zone + "' is not a zone name (e.g. zen.spamhaus.org)");
    }
    if (eq < 0) {
      return new BlocklistZone(zone, List.of());
    }
    String codes = z.substring(eq + 1);
    List<String> parts = splitOctets(codes);
    if (parts.size() != 4) {
      throw notCodes(codes);
    }
    List<List<int[]>> octets = new ArrayList<>();
    for (String p : parts) {
      octets.add(octet(p, codes));
    }
    return new BlocklistZone(zone, octets);
  }

  /** Whether an A answer of this zone means "listed" (never for 127.255.255.x). */
  public boolean lists(byte[] answer) {
    if (answer.length != 4 || isError(answer) || (answer[0] & 0xff) != 127) {
      return false;
    }
    if (octets.isEmpty()) {
      return true;
    }
    for (int i = 0; i < 4; i++) {
      int v = answer[i] & 0xff;
      if (octets.get(i).stream().noneMatch(r -> v >= r[0] && v <= r[1])) {
        return false;
      }
    }
    return true;
  }

  /**
   * Whether an answer is the list telling an error rather than a listing: 127.255.255.x (Spamhaus:
   * .252 typing error, .254 public resolver, .255 over the limit) or anything outside 127.0.0.0/8.
   */
  public static boolean isError(byte[] answer) {
    return answer.length != 4
        || (answer[0] & 0xff) != 127
        || ((answer[1] & 0xff) == 255 && (answer[2] & 0xff) == 255);
  }

  @Override
  public String toString() {
    if (octets.isEmpty()) {
      return zone;
    }
    List<String> parts = new ArrayList<>();
    for (List<int[]> o : octets) {
      if (o.size() == 1 && o.get(0)[0] == o.get(0)[1]) {
        parts.add(String.valueOf(o.get(0)[0]));
      } else if (o.size() == 1) {
        parts.add("[" + o.get(0)[0] + ".." + o.get(0)[1] + "]");
      } else {
        parts.add("[" + String.join(";", o.stream().map(r -> String.valueOf(r[0])).toList()) + "]");
      }
    }
    return zone + "=" + String.join(".", parts);
  }

  private static List<String> splitOctets(String codes) {
    List<String> out = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    boolean inBrackets = false;
    for (int i = 0; i < codes.length(); i++) {
      char ch = codes.charAt(i);
      if (ch == '[') {
        inBrackets = true;
      } else if (ch == ']') {
        inBrackets = false;
      }
      if (ch == '.' && !inBrackets) {
        out.add(cur.toString());
        cur.setLength(0);
      } else {
        cur.append(ch);
      }
    }
    out.add(cur.toString());
    return out;
  }

  private static List<int[]> octet(String p, String codes) {
    try {
      if (p.startsWith("[") && p.endsWith("]")) {
        String inner = p.substring(1, p.length() - 1);
        int dots = inner.indexOf("..");
        if (dots >= 0) {
          int lo = value(inner.substring(0, dots), codes);
          int hi = value(inner.substring(dots + 2), codes);
          if (lo > hi) {
            throw notCodes(codes);
          }
          return List.of(new int[] {lo, hi});
        }
        List<int[]> choices = new ArrayList<>();
        for (String c : inner.split(";", -1)) {
          int v = value(c, codes);
          choices.add(new int[] {v, v});
        }
        return choices;
      }
      int v = value(p, codes);
      return List.of(new int[] {v, v});
    } catch (NumberFormatException e) {
      throw notCodes(codes);
    }
  }

  private static int value(String s, String codes) {
    if (!s.matches("\\d{1,3}")) {
      throw notCodes(codes);
    }
    int v = Integer.parseInt(s);
    if (v > 255) {
      throw notCodes(codes);
    }
    return v;
  }

  private static IllegalArgumentException notCodes(String codes) {
    return new IllegalArgumentException(
        "'" + codes + "' are not answer codes (e.g. 127.0.0.2 or 127.0.0.[2..11])");
  }
}
