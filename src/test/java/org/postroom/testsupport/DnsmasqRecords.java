package org.postroom.testsupport;

import java.util.ArrayList;
import java.util.List;
import org.postroom.deliverability.DnsRecord;

/**
 * Publishes records the way an admin copies them from the domain setup page: each {@link DnsRecord}
 * becomes the dnsmasq line that serves exactly that value (TXT strings as shown, split at 255
 * characters).
 */
public final class DnsmasqRecords {
  private DnsmasqRecords() {}

  public static List<String> lines(List<DnsRecord> records) {
    List<String> out = new ArrayList<>();
    for (DnsRecord r : records) {
      if (r.isKnown()) {
        out.add(line(r));
      }
    }
    return out;
  }

  public static String line(DnsRecord r) {
    switch (r.type()) {
      case "MX":
        String[] mx = r.value().split(" ");
        return "mx-host=" + r.name() + "," + mx[1] + "," + mx[0];
      case "A":
      case "AAAA":
        return "host-record=" + r.name() + "," + r.value();
      case "CNAME":
        return "cname=" + r.name() + "," + r.value();
      case "PTR":
        return "ptr-record=" + r.name() + "," + r.value();
      case "TXT":
        return txt(r.name(), r.strings());
      default:
        throw new IllegalArgumentException(r.type());
    }
  }

  /**
   * Publishes a zone file snippet as the setup page shows it: every record line becomes a dnsmasq
   * line; comments are skipped, except commented PTR lines when {@code withPtr} (the provider set
   * them).
   */
  public static List<String> fromZoneFile(String zone, boolean withPtr) {
    List<String> out = new ArrayList<>();
    for (String raw : zone.split("\n")) {
      String line = raw.strip();
      if (withPtr && line.startsWith(";") && line.contains(" IN PTR ")) {
        line = line.substring(1).strip();
      }
      if (line.isEmpty() || line.startsWith(";")) {
        continue;
      }
      String[] f = line.split("\\s+", 5);
      String name = f[0].substring(0, f[0].length() - 1);
      String data = f[4];
      switch (f[3]) {
        case "MX" -> {
          String[] mx = data.split("\\s+");
          out.add("mx-host=" + name + "," + undot(mx[1]) + "," + mx[0]);
        }
        case "A", "AAAA" -> out.add("host-record=" + name + "," + data);
        case "CNAME" -> out.add("cname=" + name + "," + undot(data));
        case "PTR" -> out.add("ptr-record=" + name + "," + undot(data));
        case "TXT" -> {
          List<String> strings = new ArrayList<>();
          var m = java.util.regex.Pattern.compile("\"((?:[^\"\\\\]|\\\\.)*)\"").matcher(data);
          while (m.find()) {
            strings.add(m.group(1).replace("\\\"", "\"").replace("\\\\", "\\"));
          }
          out.add(txt(name, strings));
        }
        default -> throw new IllegalArgumentException("unexpected record type in: " + line);
      }
    }
    return out;
  }

  private static String undot(String n) {
    return n.endsWith(".") ? n.substring(0, n.length() - 1) : n;
  }

  /** A TXT record with these character strings. */
  public static String txt(String name, List<String> strings) {
    List<String> quoted = new ArrayList<>();
    for (String s : strings) {
      quoted.add('"' + s + '"');
    }
    return "txt-record=" + name + "," + String.join(",", quoted);
  }

  public static String txt(String name, String value) {
    return txt(name, List.of(value));
  }
}
