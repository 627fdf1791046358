package org.postroom.deliverability;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.function.IntSupplier;
import org.postroom.dns.DnsAnswer;
import org.postroom.dns.DnsResolver;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/**
 * DMARC, RFC 7489: finds the policy of the From domain and decides whether SPF or DKIM passed for a
 * domain aligned with it. The Organizational Domain comes from a DNS tree walk (DMARCbis) instead
 * of the Public Suffix List: the shortest parent name that publishes a DMARC record, or the From
 * domain itself when none does (see docs/adr/0040).
 */
public final class Dmarc {
  /** At most this many names are asked on the way up the tree. */
  static final int MAX_WALK = 8;

  /** The DMARC result of RFC 7489 / RFC 8601. */
  public enum Result {
    NONE,
    PASS,
    FAIL,
    TEMPERROR,
    PERMERROR;

    public String token() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** A domain owner's requested handling of failing mail. */
  public enum Policy {
    NONE,
    QUARANTINE,
    REJECT;

    public String token() {
      return name().toLowerCase(Locale.ROOT);
    }

    static Optional<Policy> parse(String v) {
      return switch (v == null ? "" : v.strip().toLowerCase(Locale.ROOT)) {
        case "none" -> Optional.of(NONE);
        case "quarantine" -> Optional.of(QUARANTINE);
        case "reject" -> Optional.of(REJECT);
        default -> Optional.empty();
      };
    }

    Policy weaker() {
      return this == REJECT ? QUARANTINE : NONE;
    }
  }

  /** A parsed {@code _dmarc} record. */
  public record Record(
      Policy policy,
      Optional<Policy> subdomainPolicy,
      boolean strictDkim,
      boolean strictSpf,
      int percent,
      Optional<Boolean> psd,
      String text) {

    /** Parses a record; empty when it is not a valid DMARC record (RFC 7489 6.6.3). */
    public static Optional<Record> parse(String text) {
      TagList t = TagList.parse(text, true);
      if (!t.isValid() || !text.strip().matches("(?i)^v\\s*=\\s*DMARC1\\s*(;.*)?$")) {
        return Optional.empty();
      }
      Optional<Policy> p = Policy.parse(t.getOr("p", ""));
      if (p.isEmpty()) {
        // a record without a valid p= but with a valid rua= counts as p=none (6.6.3)
        if (!t.getOr("rua", "").toLowerCase(Locale.ROOT).startsWith("mailto:")) {
          return Optional.empty();
        }
        p = Optional.of(Policy.NONE);
      }
      int pct = 100;
      try {
        pct = Math.max(0, Math.min(100, Integer.parseInt(t.getOr("pct", "100"))));
      } catch (NumberFormatException e) {
        // an invalid pct is ignored
      }
      Optional<Boolean> psd =
          switch (t.getOr("psd", "").toLowerCase(Locale.ROOT)) {
            case "y" -> Optional.of(true);
            case "n" -> Optional.of(false);
            default -> Optional.empty();
          };
      return Optional.of(
          new Record(
              p.get(),
              t.get("sp").flatMap(Policy::parse),
              "s".equalsIgnoreCase(t.getOr("adkim", "r")),
              "s".equalsIgnoreCase(t.getOr("aspf", "r")),
              pct,
              psd,
              text));
    }
  }

  /** An identifier that passed SPF or DKIM, and which method it came from. */
  public record Authenticated(String method, String domain) {}

  /**
   * The outcome.
   *
   * @param result DMARC result
   * @param fromDomain the RFC5322.From domain
   * @param policy what the domain owner asks for failing mail (after pct sampling); NONE when no
   *     record
   * @param published the policy as published (before sampling), for the header comment
   * @param reason which identifier aligned, or why nothing did
   */
  public record Outcome(
      Result result, String fromDomain, Policy policy, Optional<Policy> published, String reason) {}

  private final DnsResolver dns;
  private final IntSupplier percentile;

  public Dmarc(DnsResolver dns) {
    this(dns, () -> java.util.concurrent.ThreadLocalRandom.current().nextInt(100));
  }

  /** With a chosen sampling source for pct= (0-99), for tests. */
  Dmarc(DnsResolver dns, IntSupplier percentile) {
    this.dns = dns;
    this.percentile = percentile;
  }

  /**
   * Evaluates DMARC for a From domain.
   *
   * @param passed identifiers that passed: SPF's MAIL FROM domain if SPF passed, each DKIM d= that
   *     passed
   * @param authTempError true when SPF or a DKIM check could not be completed because of DNS; a
   *     failure is then reported as temperror rather than fail, so the message is not rejected
   */
  public Outcome evaluate(String fromDomain, List<Authenticated> passed, boolean authTempError) {
    String from = fromDomain.toLowerCase(Locale.ROOT);
    Lookup own = lookup(from);
    if (own.tempError) {
      return new Outcome(Result.TEMPERROR, from, Policy.NONE, Optional.empty(), own.detail);
    }
    Walk walk = walk(from, own);
    if (walk.tempError) {
      return new Outcome(Result.TEMPERROR, from, Policy.NONE, Optional.empty(), walk.detail);
    }
    Record record;
    Policy published;
    if (own.record.isPresent()) {
      record = own.record.get();
      published = record.policy();
    } else if (walk.orgRecord.isPresent()) {
      record = walk.orgRecord.get();
      published = record.subdomainPolicy().orElse(record.policy());
    } else {
      return new Outcome(
          Result.NONE, from, Policy.NONE, Optional.empty(), "no DMARC record for " + from);
    }
    String org = walk.orgDomain;
    for (Authenticated a : passed) {
      boolean strict = a.method().equals("spf") ? record.strictSpf() : record.strictDkim();
      String d = a.domain().toLowerCase(Locale.ROOT);
      boolean aligned = strict ? d.equals(from) : d.equals(org) || d.endsWith("." + org);
      if (aligned) {
        return new Outcome(
            Result.PASS,
            from,
            Policy.NONE,
            Optional.of(published),
            a.method() + " " + d + " aligned");
      }
    }
    if (authTempError) {
      return new Outcome(
          Result.TEMPERROR,
          from,
          Policy.NONE,
          Optional.of(published),
          "SPF or DKIM could not be checked");
    }
    Policy effective = published;
    if (record.percent() < 100 && percentile.getAsInt() >= record.percent()) {
      effective = published.weaker();
    }
    return new Outcome(
        Result.FAIL,
        from,
        effective,
        Optional.of(published),
        passed.isEmpty()
            ? "neither SPF nor DKIM passed"
            : "no passing identifier aligned with " + from);
  }

  private record Lookup(Optional<Record> record, boolean tempError, String detail) {}

  private Lookup lookup(String domain) {
    DnsAnswer a = dns.lookup("_dmarc." + domain, Type.TXT);
    if (a.status() == DnsAnswer.Status.TEMPFAIL) {
      return new Lookup(
          Optional.empty(), true, "DNS error for _dmarc." + domain + ": " + a.detail());
    }
    List<Record> found = new ArrayList<>();
    for (TXTRecord r : a.recordsOf(TXTRecord.class)) {
      String text = TxtStrings.join(r);
      if (text.strip().toLowerCase(Locale.ROOT).startsWith("v=dmarc1")) {
        Record.parse(text).ifPresent(found::add);
      }
    }
    // more than one record: none applies (RFC 7489 6.6.3)
    return new Lookup(found.size() == 1 ? Optional.of(found.get(0)) : Optional.empty(), false, "");
  }

  private record Walk(
      String orgDomain, Optional<Record> orgRecord, boolean tempError, String detail) {}

  /** The Organizational Domain by tree walk, and its record. */
  private Walk walk(String from, Lookup fromLookup) {
    String[] labels = from.split("\\.");
    String org = from;
    Optional<Record> orgRecord = fromLookup.record;
    if (orgRecord.isPresent() && orgRecord.get().psd().equals(Optional.of(false))) {
      return new Walk(from, orgRecord, false, ""); // psd=n: the From domain is the organisation
    }
    int asked = 1;
    for (int i = 1; i < labels.length - 1 && asked < MAX_WALK; i++, asked++) {
      String name = String.join(".", List.of(labels).subList(i, labels.length));
      Lookup l = lookup(name);
      if (l.tempError) {
        return new Walk(from, Optional.empty(), true, l.detail);
      }
      if (l.record.isPresent()) {
        Record r = l.record.get();
        if (r.psd().orElse(false)) {
          // a public suffix domain: the organisation is the name just below it
          String below = String.join(".", List.of(labels).subList(i - 1, labels.length));
          return new Walk(below, orgRecord.isPresent() ? orgRecord : Optional.of(r), false, "");
        }
        org = name;
        orgRecord = Optional.of(r);
        if (r.psd().isPresent()) {
          break; // psd=n: this is the organisational domain
        }
      }
    }
    return new Walk(org, orgRecord, false, "");
  }
}
