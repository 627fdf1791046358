package org.postroom.deliverability;

import java.util.ArrayList;
import java.util.List;

/**
 * The character strings of a TXT record. One string holds at most 255 octets (RFC 1035 3.3), so a
 * long value (a DKIM key) is published as several strings that receivers join without separators
 * (RFC 6376 3.6.2.2, RFC 7208 3.3).
 */
public final class TxtStrings {
  public static final int MAX = 255;

  private TxtStrings() {}

  /** Splits a value into strings of at most 255 characters (all our values are ASCII). */
  public static List<String> split(String value) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < value.length(); i += MAX) {
      out.add(value.substring(i, Math.min(value.length(), i + MAX)));
    }
    if (out.isEmpty()) {
      out.add("");
    }
    return out;
  }

  /** The strings in zone-file syntax: each quoted, separated by a space. */
  public static String quoted(List<String> strings) {
    List<String> q = new ArrayList<>();
    for (String s : strings) {
      q.add('"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"');
    }
    return String.join(" ", q);
  }

  /** The joined value of one TXT record (dnsjava gives its strings in order). */
  public static String join(org.xbill.DNS.TXTRecord r) {
    return String.join("", r.getStrings());
  }
}
