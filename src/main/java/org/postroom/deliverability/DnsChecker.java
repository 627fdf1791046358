package org.postroom.deliverability;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.postroom.deliverability.RecordCheck.Status;
import org.postroom.dns.DnsAnswer;
import org.postroom.dns.DnsResolver;
import org.xbill.DNS.AAAARecord;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.CNAMERecord;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.PTRRecord;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/**
 * Looks up every record of a {@link DomainRecords} set and compares what DNS says with what should
 * be there, by meaning rather than by text: TXT strings are joined, SPF is evaluated for our own
 * address, a DKIM record is compared by its {@code p=} key, DMARC by its tags. Missing required
 * records are red; present-but-different, optional-and-missing and unknowable values are amber.
 */
public final class DnsChecker {
  /** Lookups at once; a report has about a dozen records. */
  static final int PARALLEL = 8;

  /** A record whose lookups take longer than this is reported amber. */
  static final int MAX_WAIT_SECONDS = 60;

  private final DnsResolver dns;

  public DnsChecker(DnsResolver dns) {
    this.dns = dns;
  }

  /**
   * Checks every record, several at once: when DNS is slow or down, the page waits for the slowest
   * lookup, not for the sum of all their timeouts.
   */
  public DnsReport check(DomainRecords set) {
    List<DnsRecord> records = set.records();
    ExecutorService pool =
        Executors.newFixedThreadPool(
            Math.max(1, Math.min(PARALLEL, records.size())),
            r -> {
              Thread t = new Thread(r, "postroom-dns-check");
              t.setDaemon(true);
              return t;
            });
    try {
      List<Future<RecordCheck>> futures = new ArrayList<>();
      for (DnsRecord r : records) {
        futures.add(pool.submit(() -> check(set, r)));
      }
      List<RecordCheck> out = new ArrayList<>();
      for (int i = 0; i < records.size(); i++) {
        out.add(result(futures.get(i), records.get(i)));
      }
      DomainRecords.Inputs in = set.inputs();
      return new DnsReport(in.domain(), in.hostname(), OffsetDateTime.now(ZoneOffset.UTC), out);
    } finally {
      pool.shutdownNow();
    }
  }

  private static RecordCheck result(Future<RecordCheck> f, DnsRecord r) {
    try {
      return f.get(MAX_WAIT_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new RecordCheck(r, Status.AMBER, List.of(), "The check was interrupted; check again.");
    } catch (ExecutionException | TimeoutException e) {
      return new RecordCheck(
          r, Status.AMBER, List.of(), "DNS did not answer in time; check again later.");
    }
  }

  RecordCheck check(DomainRecords set, DnsRecord r) {
    String id = r.id();
    if (id.equals("mx")) {
      return mx(set, r);
    }
    if (id.equals("a") || id.equals("aaaa")) {
      return address(r);
    }
    if (id.equals("spf")) {
      return spf(set, r);
    }
    if (id.startsWith("dkim:")) {
      return dkim(r);
    }
    if (id.equals("dmarc")) {
      return dmarc(r);
    }
    if (id.equals("mta-sts-host")) {
      return mtaStsHost(set, r);
    }
    if (id.equals("mta-sts") || id.equals("tls-rpt")) {
      return taggedTxt(r, id.equals("mta-sts") ? "v=STSv1" : "v=TLSRPTv1");
    }
    if (id.startsWith("ptr-")) {
      return ptr(r);
    }
    return new RecordCheck(r, Status.AMBER, List.of(), "Postroom does not know how to check this.");
  }

  // ---- one method per kind of record

  private RecordCheck mx(DomainRecords set, DnsRecord r) {
    DnsAnswer a = dns.lookup(r.name(), Type.MX);
    if (a.status() == DnsAnswer.Status.TEMPFAIL) {
      return dnsError(r, a);
    }
    List<MXRecord> mx = a.recordsOf(MXRecord.class);
    List<String> found =
        mx.stream().map(m -> m.getPriority() + " " + name(m.getTarget().toString())).toList();
    if (mx.isEmpty()) {
      return missing(r, found);
    }
    String host = set.inputs().hostname();
    int best = mx.stream().mapToInt(MXRecord::getPriority).min().orElse(0);
    boolean ours = mx.stream().anyMatch(m -> name(m.getTarget().toString()).equals(host));
    boolean oursPreferred =
        mx.stream()
            .anyMatch(m -> m.getPriority() == best && name(m.getTarget().toString()).equals(host));
    if (oursPreferred) {
      return new RecordCheck(
          r, Status.GREEN, found, "Mail for " + r.name() + " comes to " + host + ".");
    }
    return new RecordCheck(
        r,
        Status.AMBER,
        found,
        ours
            ? host + " is listed, but another MX is preferred: mail goes there first."
            : "The MX points elsewhere: mail for " + r.name() + " does not reach Postroom.");
  }

  private RecordCheck address(DnsRecord r) {
    boolean v6 = r.type().equals("AAAA");
    DnsAnswer a = dns.lookup(r.name(), v6 ? Type.AAAA : Type.A);
    if (a.status() == DnsAnswer.Status.TEMPFAIL) {
      return dnsError(r, a);
    }
    List<String> found = new ArrayList<>();
    a.recordsOf(ARecord.class).forEach(x -> found.add(x.getAddress().getHostAddress()));
    a.recordsOf(AAAARecord.class).forEach(x -> found.add(compact(x.getAddress())));
    if (!r.isKnown()) {
      if (found.isEmpty()) {
        return r.need() == DnsRecord.Need.REQUIRED
            ? missing(r, found)
            : new RecordCheck(
                r,
                Status.AMBER,
                found,
                "No public IPv6 address is configured or published (optional).");
      }
      return new RecordCheck(
          r,
          Status.AMBER,
          found,
          "Published, but Postroom cannot know its public address: set "
              + (v6 ? "postroom.public.ipv6" : "postroom.public.ipv4")
              + " to check it.");
    }
    if (found.isEmpty()) {
      return missing(r, found);
    }
    boolean match = found.stream().anyMatch(f -> sameAddress(f, r.value()));
    if (match && found.size() == 1) {
      return new RecordCheck(r, Status.GREEN, found, r.name() + " points to " + r.value() + ".");
    }
    return new RecordCheck(
        r,
        Status.AMBER,
        found,
        match
            ? r.name() + " has other addresses besides " + r.value() + "."
            : r.name() + " points to another address than " + r.value() + ".");
  }

  private RecordCheck spf(DomainRecords set, DnsRecord r) {
    DnsAnswer a = dns.lookup(r.name(), Type.TXT);
    if (a.status() == DnsAnswer.Status.TEMPFAIL) {
      return dnsError(r, a);
    }
    List<String> found =
        txt(a).stream().filter(t -> t.toLowerCase(Locale.ROOT).startsWith("v=spf1")).toList();
    if (found.isEmpty()) {
      return missing(r, found);
    }
    if (found.size() > 1) {
      return new RecordCheck(
          r,
          Status.RED,
          found,
          "More than one SPF record: receivers treat that as an error; keep one.");
    }
    // semantic: does the published policy let our own address send, and refuse everyone else?
    List<InetAddress> ours = ourAddresses(set);
    if (ours.isEmpty()) {
      return new RecordCheck(
          r,
          Status.AMBER,
          found,
          "Published, but the mail host's address is unknown, so it cannot be evaluated.");
    }
    Spf spf = new Spf(dns);
    for (InetAddress ip : ours) {
      Spf.Outcome o =
          spf.checkHost(
              ip,
              set.inputs().domain(),
              "postmaster@" + set.inputs().domain(),
              set.inputs().hostname());
      if (o.result() != Spf.Result.PASS) {
        return new RecordCheck(
            r,
            o.result() == Spf.Result.PERMERROR ? Status.RED : Status.AMBER,
            found,
            "Mail from "
                + ip.getHostAddress()
                + " gets SPF "
                + o.result().token()
                + " ("
                + o.reason()
                + ").");
      }
    }
    String strict = found.get(0).toLowerCase(Locale.ROOT);
    if (!strict.matches(".*\\s-all\\s*$") && !strict.contains("redirect=")) {
      return new RecordCheck(
          r,
          Status.AMBER,
          found,
          "Our address passes, but other senders are not refused: end the record with -all.");
    }
    return new RecordCheck(r, Status.GREEN, found, "Our address passes SPF; everyone else fails.");
  }

  private RecordCheck dkim(DnsRecord r) {
    DnsAnswer a = dns.lookup(r.name(), Type.TXT);
    if (a.status() == DnsAnswer.Status.TEMPFAIL) {
      return dnsError(r, a);
    }
    List<String> found = txt(a);
    if (found.isEmpty()) {
      return missing(r, found);
    }
    String expected = TagList.compact(TagList.parse(r.value(), false).getOr("p", ""));
    for (String f : found) {
      TagList t = TagList.parse(f, false);
      if (t.isValid()
          && expected.equals(TagList.compact(t.getOr("p", "")))
          && t.getOr("k", "rsa").equalsIgnoreCase("rsa")) {
        return new RecordCheck(
            r, Status.GREEN, found, "The published key matches the signing key.");
      }
    }
    return new RecordCheck(
        r,
        Status.AMBER,
        found,
        "A different key is published: signatures will fail until it is replaced.");
  }

  private RecordCheck dmarc(DnsRecord r) {
    DnsAnswer a = dns.lookup(r.name(), Type.TXT);
    if (a.status() == DnsAnswer.Status.TEMPFAIL) {
      return dnsError(r, a);
    }
    List<String> found =
        txt(a).stream()
            .filter(t -> t.strip().toLowerCase(Locale.ROOT).startsWith("v=dmarc1"))
            .toList();
    if (found.isEmpty()) {
      return missing(r, found);
    }
    if (found.size() > 1) {
      return new RecordCheck(
          r, Status.RED, found, "More than one DMARC record: receivers ignore both.");
    }
    Optional<Dmarc.Record> rec = Dmarc.Record.parse(found.get(0));
    if (rec.isEmpty()) {
      return new RecordCheck(
          r, Status.RED, found, "Not a valid DMARC record: receivers ignore it.");
    }
    Dmarc.Record d = rec.get();
    if (d.policy() == Dmarc.Policy.NONE) {
      return new RecordCheck(
          r,
          Status.AMBER,
          found,
          "p=none only monitors: forged mail from the domain is still delivered.");
    }
    if (d.percent() < 100) {
      return new RecordCheck(
          r,
          Status.AMBER,
          found,
          "pct=" + d.percent() + ": the policy applies to part of the forged mail only.");
    }
    return new RecordCheck(
        r,
        Status.GREEN,
        found,
        "Policy " + d.policy().token() + ": forged mail is not delivered as genuine.");
  }

  private RecordCheck mtaStsHost(DomainRecords set, DnsRecord r) {
    DnsAnswer c = dns.lookup(r.name(), Type.CNAME);
    if (c.status() == DnsAnswer.Status.TEMPFAIL) {
      return dnsError(r, c);
    }
    List<String> found = new ArrayList<>();
    c.recordsOf(CNAMERecord.class).forEach(x -> found.add(name(x.getTarget().toString())));
    if (found.contains(set.inputs().hostname())) {
      return new RecordCheck(r, Status.GREEN, found, "Points to the mail host.");
    }
    DnsAnswer a = dns.lookup(r.name(), Type.A);
    a.recordsOf(ARecord.class).forEach(x -> found.add(x.getAddress().getHostAddress()));
    if (found.isEmpty()) {
      return new RecordCheck(r, Status.AMBER, found, "Optional: not published.");
    }
    return new RecordCheck(
        r, Status.AMBER, found, "Published differently: make sure it reaches Postroom over HTTPS.");
  }

  private RecordCheck taggedTxt(DnsRecord r, String version) {
    DnsAnswer a = dns.lookup(r.name(), Type.TXT);
    if (a.status() == DnsAnswer.Status.TEMPFAIL) {
      return dnsError(r, a);
    }
    List<String> found =
        txt(a).stream()
            .filter(
                t ->
                    t.replace(" ", "")
                        .toLowerCase(Locale.ROOT)
                        .startsWith(version.toLowerCase(Locale.ROOT)))
            .toList();
    if (found.isEmpty()) {
      return new RecordCheck(r, Status.AMBER, found, "Optional: not published.");
    }
    var expected = TagList.parse(r.value(), true).asMap();
    for (String f : found) {
      if (TagList.parse(f, true).asMap().equals(expected)) {
        return new RecordCheck(r, Status.GREEN, found, "Published as expected.");
      }
    }
    return new RecordCheck(r, Status.AMBER, found, "Published with different values.");
  }

  private RecordCheck ptr(DnsRecord r) {
    DnsAnswer a = dns.lookup(r.name(), Type.PTR);
    if (a.status() == DnsAnswer.Status.TEMPFAIL) {
      return dnsError(r, a);
    }
    List<String> found =
        a.recordsOf(PTRRecord.class).stream().map(p -> name(p.getTarget().toString())).toList();
    if (found.isEmpty()) {
      return new RecordCheck(
          r,
          Status.AMBER,
          found,
          "No reverse DNS: many receivers distrust mail from addresses without it.");
    }
    if (found.contains(r.value())) {
      return new RecordCheck(r, Status.GREEN, found, "Reverse DNS names the mail host.");
    }
    return new RecordCheck(
        r, Status.AMBER, found, "Reverse DNS names another host than " + r.value() + ".");
  }

  // ---- helpers

  private List<InetAddress> ourAddresses(DomainRecords set) {
    List<InetAddress> out = new ArrayList<>();
    for (Optional<String> ip : List.of(set.inputs().ipv4(), set.inputs().ipv6())) {
      ip.ifPresent(x -> out.add(literal(x)));
    }
    if (out.isEmpty()) {
      // not configured: take what DNS says the host's address is
      DnsAnswer a = dns.lookup(set.inputs().hostname(), Type.A);
      a.recordsOf(ARecord.class).forEach(x -> out.add(x.getAddress()));
    }
    return out;
  }

  /**
   * An IPv6 address in its usual short form (RFC 5952): {@code ::1}, not {@code 0:0:0:0:0:0:0:1}.
   */
  static String compact(InetAddress a) {
    String full = a.getHostAddress().replaceAll("%.*$", "");
    if (!full.contains(":")) {
      return full;
    }
    String[] groups = full.split(":");
    int bestStart = -1;
    int bestLen = 1;
    for (int i = 0; i < groups.length; i++) {
      int j = i;
      while (j < groups.length && groups[j].equals("0")) {
        j++;
      }
      if (j - i > bestLen) {
        bestStart = i;
        bestLen = j - i;
      }
    }
    if (bestStart < 0) {
      return full;
    }
    String left = String.join(":", java.util.Arrays.asList(groups).subList(0, bestStart));
    String right =
        String.join(
            ":", java.util.Arrays.asList(groups).subList(bestStart + bestLen, groups.length));
    return left + "::" + right;
  }

  private static InetAddress literal(String ip) {
    try {
      return InetAddress.getByName(ip); // configured literals only, never a name
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException(ip, e);
    }
  }

  private static boolean sameAddress(String a, String b) {
    return literal(a).equals(literal(b));
  }

  private static List<String> txt(DnsAnswer a) {
    return a.recordsOf(TXTRecord.class).stream().map(TxtStrings::join).toList();
  }

  private static String name(String fqdn) {
    String n = fqdn.toLowerCase(Locale.ROOT);
    return n.endsWith(".") ? n.substring(0, n.length() - 1) : n;
  }

  private static RecordCheck missing(DnsRecord r, List<String> found) {
    return switch (r.need()) {
      case REQUIRED -> new RecordCheck(r, Status.RED, found, "Missing: publish this record.");
      case RECOMMENDED -> new RecordCheck(r, Status.AMBER, found, "Recommended: not published.");
      case OPTIONAL -> new RecordCheck(r, Status.AMBER, found, "Optional: not published.");
    };
  }

  private static RecordCheck dnsError(DnsRecord r, DnsAnswer a) {
    return new RecordCheck(
        r, Status.AMBER, List.of(), "DNS did not answer (" + a.detail() + "); check again later.");
  }
}
