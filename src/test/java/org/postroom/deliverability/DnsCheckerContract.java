package org.postroom.deliverability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.postroom.testsupport.DnsmasqRecords.txt;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.postroom.deliverability.RecordCheck.Status;
import org.postroom.testsupport.DnsmasqRecords;

/**
 * Every check state against dnsmasq serving our domain's records correct, missing and wrong: what
 * the setup page asks for turns green when published exactly; a missing required record is red;
 * something present but different is amber, compared by meaning, not by text.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class DnsCheckerContract {
  /** The DNS these cases ask, with these records. */
  abstract TestDns startDns(String name, List<String> records);

  static final String D = "example.test";
  static final String HOST = "mail.example.test";
  @TempDir static Path keys;
  TestDns dns;
  DnsChecker checker;
  DomainRecords set;
  String activeKey;
  String previousKey;

  @BeforeAll
  void start() {
    DkimKeyFiles files = new DkimKeyFiles(keys);
    previousKey = files.generate("pr1");
    activeKey = files.generate("pr2");
    set = records(Optional.of("127.0.0.10"), Optional.of("::1"));
    dns = startDns("checks", List.of());
    checker = new DnsChecker(dns.resolver());
  }

  DomainRecords records(Optional<String> v4, Optional<String> v6) {
    return new DomainRecords(
        new DomainRecords.Inputs(
            D,
            HOST,
            v4,
            v6,
            List.of(
                new DkimKey("pr2", activeKey, true, null),
                new DkimKey("pr1", previousKey, false, null)),
            "testing"));
  }

  @AfterAll
  void stop() {
    dns.close();
  }

  Map<String, Status> states(DnsReport report) {
    Map<String, Status> m = new LinkedHashMap<>();
    report.checks().forEach(c -> m.put(c.record().id(), c.status()));
    return m;
  }

  RecordCheck check(DnsReport r, String id) {
    return r.checks().stream().filter(c -> c.record().id().equals(id)).findFirst().orElseThrow();
  }

  @Test
  void everyRecordPublishedAsShownIsGreen() {
    dns.setRecords(DnsmasqRecords.lines(set.records()));
    DnsReport r = checker.check(set);
    assertThat(states(r))
        .containsOnlyKeys(
            "mx",
            "a",
            "aaaa",
            "spf",
            "dkim:pr2",
            "dkim:pr1",
            "dmarc",
            "mta-sts-host",
            "mta-sts",
            "tls-rpt",
            "ptr-ipv4",
            "ptr-ipv6")
        .allSatisfy(
            (id, s) ->
                assertThat(s).as(id + ": " + check(r, id).message()).isEqualTo(Status.GREEN));
    assertThat(r.overall()).isEqualTo(Status.GREEN);
    // checked in parallel, reported in the order of the record set
    assertThat(r.checks().stream().map(RecordCheck::record).toList()).isEqualTo(set.records());
    assertThat(check(r, "dkim:pr2").found()).containsExactly(DomainRecords.dkimValue(activeKey));
    assertThat(check(r, "aaaa").found()).containsExactly("::1");
  }

  @Test
  void missingRequiredRecordsAreRedAndMissingExtrasAmber() {
    dns.setRecords(List.of());
    DnsReport r = checker.check(set);
    assertThat(states(r))
        .containsEntry("mx", Status.RED)
        .containsEntry("a", Status.RED)
        .containsEntry("spf", Status.RED)
        .containsEntry("dkim:pr2", Status.RED)
        .containsEntry("dmarc", Status.RED)
        .containsEntry("aaaa", Status.AMBER)
        .containsEntry("dkim:pr1", Status.AMBER)
        .containsEntry("mta-sts", Status.AMBER)
        .containsEntry("tls-rpt", Status.AMBER)
        .containsEntry("ptr-ipv4", Status.AMBER);
    assertThat(check(r, "mx").message()).isEqualTo("Missing: publish this record.");
    assertThat(r.overall()).isEqualTo(Status.RED);
  }

  @Test
  void wrongValuesAreAmberWithWhatWasFound() {
    List<String> wrong = new ArrayList<>();
    wrong.add("mx-host=" + D + ",mx.elsewhere.test,10");
    wrong.add("host-record=" + HOST + ",127.0.0.50");
    wrong.add(txt(D, "v=spf1 ip4:127.0.0.99 -all"));
    wrong.add(txt("pr2._domainkey." + D, "v=DKIM1; k=rsa; p=" + previousKey));
    wrong.add(txt("_dmarc." + D, "v=DMARC1; p=none"));
    wrong.add(txt("_smtp._tls." + D, "v=TLSRPTv1; rua=mailto:someone@elsewhere.test"));
    wrong.add("ptr-record=10.0.0.127.in-addr.arpa,other.example.test");
    dns.setRecords(wrong);
    DnsReport r = checker.check(set);
    for (String id : List.of("mx", "a", "spf", "dkim:pr2", "dmarc", "tls-rpt", "ptr-ipv4")) {
      assertThat(check(r, id).status()).as(id).isEqualTo(Status.AMBER);
    }
    assertThat(check(r, "mx").found()).containsExactly("10 mx.elsewhere.test");
    assertThat(check(r, "mx").message()).contains("does not reach Postroom");
    assertThat(check(r, "a").found()).containsExactly("127.0.0.50");
    assertThat(check(r, "spf").message()).contains("127.0.0.10 gets SPF fail");
    assertThat(check(r, "dmarc").message()).contains("p=none");
    assertThat(check(r, "ptr-ipv4").found()).contains("other.example.test");
  }

  @Test
  void comparisonsAreByMeaningNotByText() {
    List<String> lines = new ArrayList<>(DnsmasqRecords.lines(set.records()));
    lines.removeIf(
        l ->
            l.startsWith("txt-record=" + D + ",")
                || l.contains("_domainkey")
                || l.contains("_dmarc"));
    // the same SPF meaning in other words, the key split at other places, DMARC tags reordered
    lines.add(txt(D, "v=spf1 ip4:127.0.0.0/24 ip6:::1 ~all".replace("~all", "-all")));
    String key = DomainRecords.dkimValue(activeKey);
    lines.add(
        txt(
            "pr2._domainkey." + D,
            List.of(key.substring(0, 100), key.substring(100, 300), key.substring(300))));
    lines.add(txt("pr1._domainkey." + D, "v=DKIM1;k=rsa;p=" + previousKey));
    lines.add(txt("_dmarc." + D, "v=DMARC1;adkim=r;p=reject;"));
    dns.setRecords(lines);
    DnsReport r = checker.check(set);
    for (String id : List.of("spf", "dkim:pr2", "dkim:pr1", "dmarc")) {
      assertThat(check(r, id).status())
          .as(id + ": " + check(r, id).message())
          .isEqualTo(Status.GREEN);
    }
  }

  @Test
  void aSoftSpfOrTwoSpfRecordsAreFlagged() {
    dns.setRecords(
        List.of(
            txt(D, "v=spf1 mx ~all"),
            "mx-host=" + D + "," + HOST + ",10",
            "host-record=" + HOST + ",127.0.0.10"));
    assertThat(check(checker.check(set), "spf").status()).isEqualTo(Status.AMBER);
    dns.setRecords(List.of(txt(D, "v=spf1 mx -all"), txt(D, "v=spf1 -all")));
    assertThat(check(checker.check(set), "spf").status()).isEqualTo(Status.RED);
  }

  @Test
  void withoutConfiguredAddressesThePublishedOnesAreShownAmberAndSpfIsCheckedAgainstThem() {
    DomainRecords unknown = records(Optional.empty(), Optional.empty());
    assertThat(unknown.find("spf").orElseThrow().value()).isEqualTo("v=spf1 mx -all");
    assertThat(unknown.find("ptr-ipv4")).isEmpty();
    dns.setRecords(
        DnsmasqRecords.lines(records(Optional.of("127.0.0.10"), Optional.empty()).records()));
    DnsReport r = checker.check(unknown);
    assertThat(check(r, "a").status()).isEqualTo(Status.AMBER);
    assertThat(check(r, "a").found()).containsExactly("127.0.0.10");
    assertThat(check(r, "a").message()).contains("postroom.public.ipv4");
    assertThat(check(r, "aaaa").status()).isEqualTo(Status.AMBER);
    assertThat(check(r, "mx").status()).isEqualTo(Status.GREEN);
  }

  @Test
  void ipv6AddressesAreShownInTheirShortForm() throws Exception {
    assertThat(DnsChecker.compact(java.net.InetAddress.getByName("::1"))).isEqualTo("::1");
    assertThat(DnsChecker.compact(java.net.InetAddress.getByName("2001:db8:0:0:1:0:0:5")))
        .isEqualTo("2001:db8::1:0:0:5");
    assertThat(DnsChecker.compact(java.net.InetAddress.getByName("2001:db8:1:2:3:4:5:6")))
        .isEqualTo("2001:db8:1:2:3:4:5:6");
    assertThat(DnsChecker.compact(java.net.InetAddress.getByName("127.0.0.1")))
        .isEqualTo("127.0.0.1");
  }

  @Test
  void aDeadResolverMakesEveryCheckAmberNotRed() {
    DnsReport r = new DnsChecker(dns.dead()).check(set);
    assertThat(r.checks()).allSatisfy(c -> assertThat(c.status()).isEqualTo(Status.AMBER));
    assertThat(check(r, "mx").message()).startsWith("DNS did not answer");
  }

  @Test
  void theZoneFileHoldsEveryRecordWithTheKeySplitIntoStringsOf255AtMost() {
    String zone = set.zoneFile();
    assertThat(zone)
        .contains("example.test. 3600 IN MX 10 mail.example.test.")
        .contains("mail.example.test. 3600 IN A 127.0.0.10")
        .contains("example.test. 3600 IN TXT \"v=spf1 mx ip4:127.0.0.10 ip6:::1 -all\"")
        .contains("_dmarc.example.test. 3600 IN TXT \"v=DMARC1; p=quarantine\"")
        .contains("; 10.0.0.127.in-addr.arpa. 3600 IN PTR mail.example.test.");
    String dkimLine =
        zone.lines().filter(l -> l.startsWith("pr2._domainkey")).findFirst().orElseThrow();
    List<String> strings = new ArrayList<>();
    var m = java.util.regex.Pattern.compile("\"([^\"]*)\"").matcher(dkimLine);
    while (m.find()) {
      strings.add(m.group(1));
    }
    assertThat(strings).hasSize(2).allMatch(s -> s.length() <= 255);
    assertThat(String.join("", strings)).isEqualTo(DomainRecords.dkimValue(activeKey));
  }
}
