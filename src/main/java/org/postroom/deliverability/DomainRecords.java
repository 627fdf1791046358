package org.postroom.deliverability;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import org.postroom.deliverability.DnsRecord.Need;

/**
 * Every DNS record the domain needs for mail to arrive and to be trusted, computed from the domain,
 * the host name, the public addresses and the DKIM keys: MX, A/AAAA, SPF, DKIM, DMARC, the optional
 * MTA-STS and TLS-RPT records, and the PTR records the address owner must set.
 */
public final class DomainRecords {
  /** The DMARC policy suggested to start with: failing mail goes to spam, reports stay off. */
  public static final String DMARC_START = "v=DMARC1; p=quarantine";

  /** What the record set is computed from. */
  public record Inputs(
      String domain,
      String hostname,
      Optional<String> ipv4,
      Optional<String> ipv6,
      List<DkimKey> dkimKeys,
      String mtaStsMode) {}

  private final Inputs in;
  private final List<DnsRecord> records;

  public DomainRecords(Inputs in) {
    this.in = in;
    this.records = build(in);
  }

  public Inputs inputs() {
    return in;
  }

  public List<DnsRecord> records() {
    return records;
  }

  public Optional<DnsRecord> find(String id) {
    return records.stream().filter(r -> r.id().equals(id)).findFirst();
  }

  /** The SPF record: our addresses when configured, otherwise "whatever the MX hosts are". */
  public static String spfValue(Optional<String> ipv4, Optional<String> ipv6) {
    if (ipv4.isEmpty() && ipv6.isEmpty()) {
      return "v=spf1 mx -all";
    }
    StringBuilder sb = new StringBuilder("v=spf1 mx");
    ipv4.ifPresent(a -> sb.append(" ip4:").append(a));
    ipv6.ifPresent(a -> sb.append(" ip6:").append(a));
    return sb.append(" -all").toString();
  }

  public static String dkimValue(String publicKeyBase64) {
    return "v=DKIM1; k=rsa; p=" + publicKeyBase64;
  }

  /** The MTA-STS policy file served at https://mta-sts.&lt;domain&gt;/.well-known/mta-sts.txt. */
  public static String mtaStsPolicy(String hostname, String mode) {
    return "version: STSv1\r\nmode: " + mode + "\r\nmx: " + hostname + "\r\nmax_age: 604800\r\n";
  }

  /** The policy id: changes whenever the policy does (RFC 8461 3.1: 1-32 alphanumerics). */
  public static String mtaStsId(String policy) {
    try {
      byte[] h =
          MessageDigest.getInstance("SHA-256").digest(policy.getBytes(StandardCharsets.UTF_8));
      return HexFormat.of().formatHex(h).substring(0, 20);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static List<DnsRecord> build(Inputs in) {
    String d = in.domain();
    String host = in.hostname();
    List<DnsRecord> out = new ArrayList<>();
    out.add(
        DnsRecord.plain(
            "mx",
            Need.REQUIRED,
            "MX",
            d,
            "10 " + host,
            "Tells other servers to deliver mail for " + d + " to " + host + "."));
    out.add(
        DnsRecord.plain(
            "a",
            Need.REQUIRED,
            "A",
            host,
            in.ipv4().orElse(""),
            "The IPv4 address of the mail host"
                + (in.ipv4().isEmpty()
                    ? " (set postroom.public.ipv4 so Postroom can check it)."
                    : ".")));
    if (in.ipv6().isPresent()) {
      out.add(
          DnsRecord.plain(
              "aaaa",
              Need.RECOMMENDED,
              "AAAA",
              host,
              in.ipv6().get(),
              "The IPv6 address of the mail host."));
    } else {
      out.add(
          DnsRecord.plain(
              "aaaa",
              Need.OPTIONAL,
              "AAAA",
              host,
              "",
              "The IPv6 address of the mail host, if it has one (set postroom.public.ipv6)."));
    }
    out.add(
        DnsRecord.txt(
            "spf",
            Need.REQUIRED,
            d,
            spfValue(in.ipv4(), in.ipv6()),
            "SPF: only " + host + " may send mail for " + d + "; everything else fails."));
    for (DkimKey k : in.dkimKeys()) {
      out.add(
          DnsRecord.txt(
              "dkim:" + k.selector(),
              k.active() ? Need.REQUIRED : Need.RECOMMENDED,
              k.selector() + "._domainkey." + d,
              dkimValue(k.publicKeyBase64()),
              k.active()
                  ? "DKIM public key: receivers check the signature Postroom puts on every message."
                  : "Previous DKIM key: keep it until mail signed with it has been delivered and"
                      + " read (a week is plenty), then retire it."));
    }
    out.add(
        DnsRecord.txt(
            "dmarc",
            Need.REQUIRED,
            "_dmarc." + d,
            DMARC_START,
            "DMARC: mail claiming to be from "
                + d
                + " that fails SPF and DKIM goes to spam."
                + " Move to p=reject once everything is green for a while."));
    if (!"off".equals(in.mtaStsMode())) {
      String policy = mtaStsPolicy(host, in.mtaStsMode());
      out.add(
          DnsRecord.plain(
              "mta-sts-host",
              Need.OPTIONAL,
              "CNAME",
              "mta-sts." + d,
              host,
              "MTA-STS: the host serving the policy over HTTPS (Postroom serves"
                  + " /.well-known/mta-sts.txt; its certificate must name mta-sts."
                  + d
                  + ")."));
      out.add(
          DnsRecord.txt(
              "mta-sts",
              Need.OPTIONAL,
              "_mta-sts." + d,
              "v=STSv1; id=" + mtaStsId(policy),
              "MTA-STS: senders must use TLS to reach "
                  + host
                  + " (mode "
                  + in.mtaStsMode()
                  + ")."));
      out.add(
          DnsRecord.txt(
              "tls-rpt",
              Need.OPTIONAL,
              "_smtp._tls." + d,
              "v=TLSRPTv1; rua=mailto:postmaster@" + d,
              "TLS reporting: other servers send daily reports of TLS problems to postmaster@."));
    }
    in.ipv4()
        .ifPresent(
            ip ->
                out.add(
                    DnsRecord.plain(
                        "ptr-ipv4",
                        Need.RECOMMENDED,
                        "PTR",
                        ReverseName.of(ip),
                        host,
                        "Reverse DNS of the sending address: ask whoever gives you "
                            + ip
                            + " (hosting provider) to set it to "
                            + host
                            + ".")));
    in.ipv6()
        .ifPresent(
            ip ->
                out.add(
                    DnsRecord.plain(
                        "ptr-ipv6",
                        Need.RECOMMENDED,
                        "PTR",
                        ReverseName.of(ip),
                        host,
                        "Reverse DNS of the IPv6 sending address: ask your provider to set it to "
                            + host
                            + ".")));
    return List.copyOf(out);
  }

  /** The whole set as a zone file snippet to paste into the domain's zone. */
  public String zoneFile() {
    StringBuilder sb = new StringBuilder();
    sb.append("; Postroom: DNS records for ").append(in.domain()).append('\n');
    for (DnsRecord r : records) {
      if ("PTR".equals(r.type())) {
        continue;
      }
      sb.append(r.zoneLine()).append('\n');
    }
    for (DnsRecord r : records) {
      if ("PTR".equals(r.type())) {
        sb.append("; in the reverse zone of your provider:\n").append(r.zoneLine()).append('\n');
      }
    }
    return sb.toString();
  }
}
