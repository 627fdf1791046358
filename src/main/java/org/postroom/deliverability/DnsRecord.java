package org.postroom.deliverability;

import java.io.Serializable;
import java.util.List;

/**
 * One DNS record the domain should publish, with the exact value to publish.
 *
 * @param id stable identifier ({@code mx}, {@code a}, {@code spf}, {@code dkim:<selector>} ...)
 * @param need whether mail works without it
 * @param type MX, A, AAAA, TXT, CNAME or PTR
 * @param name the owner name, fully qualified, without the final dot
 * @param value the value in presentation form (TXT: the joined text), empty when Postroom cannot
 *     know it (a public address that is not configured)
 * @param strings the TXT character strings to publish (each at most 255 characters)
 * @param purpose one sentence for the admin: what the record does
 */
public record DnsRecord(
    String id,
    Need need,
    String type,
    String name,
    String value,
    List<String> strings,
    String purpose)
    implements Serializable {

  /** How much a record matters. */
  public enum Need {
    /** Mail is refused or lost without it. */
    REQUIRED,
    /** Mail works, but lands in spam more often without it. */
    RECOMMENDED,
    /** Extra protection. */
    OPTIONAL
  }

  public DnsRecord {
    strings = List.copyOf(strings);
  }

  static DnsRecord txt(String id, Need need, String name, String value, String purpose) {
    return new DnsRecord(id, need, "TXT", name, value, TxtStrings.split(value), purpose);
  }

  static DnsRecord plain(
      String id, Need need, String type, String name, String value, String purpose) {
    return new DnsRecord(id, need, type, name, value, List.of(), purpose);
  }

  public boolean isKnown() {
    return !value.isEmpty();
  }

  /**
   * The record as a zone file line (BIND syntax, TTL 3600). A value Postroom cannot know and a PTR
   * record (which lives in the address owner's reverse zone) become comments.
   */
  public String zoneLine() {
    String data;
    if ("TXT".equals(type)) {
      data = TxtStrings.quoted(strings);
    } else if ("MX".equals(type) || "CNAME".equals(type) || "PTR".equals(type)) {
      data = value.endsWith(".") ? value : dotted(value);
    } else {
      data = value;
    }
    String line = name + ". 3600 IN " + type + " " + (isKnown() ? data : "<" + purposeHint() + ">");
    return isKnown() && !"PTR".equals(type) ? line : "; " + line;
  }

  private String dotted(String v) {
    // "10 mail.example.org" -> "10 mail.example.org."
    return v + ".";
  }

  private String purposeHint() {
    return "A".equals(type) ? "public IPv4 address" : "public IPv6 address";
  }
}
