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
