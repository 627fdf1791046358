package org.postroom.deliverability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.postroom.testsupport.DnsmasqRecords.txt;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.postroom.deliverability.Dmarc.Authenticated;
import org.postroom.deliverability.Dmarc.Policy;
import org.postroom.deliverability.Dmarc.Result;

/** RFC 7489 policy discovery and alignment against real DNS answers from dnsmasq. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class DmarcContract {
  /** The DNS these cases ask, with these records. */
  abstract TestDns startDns(String name, List<String> records);

  TestDns dns;
  Dmarc dmarc;

  @BeforeAll
  void start() {
    dns =
        startDns(
            "dmarc",
            List.of(
                txt("_dmarc.reject.test", "v=DMARC1; p=reject"),
                txt("_dmarc.quarantine.test", "v=DMARC1; p=quarantine; sp=reject"),
                txt("_dmarc.none.test", "v=DMARC1; p=none; rua=mailto:d@none.test"),
                txt("_dmarc.strict.test", "v=DMARC1; p=reject; adkim=s; aspf=s"),
                txt("_dmarc.half.test", "v=DMARC1; p=reject; pct=50"),
                txt("_dmarc.two.test", "v=DMARC1; p=reject"),
                txt("_dmarc.two.test", "v=DMARC1; p=none"),
                txt("_dmarc.nop.test", "v=DMARC1; rua=mailto:x@nop.test"),
                txt("_dmarc.garbage.test", "v=DMARC1; p=sometimes"),
                txt("_dmarc.other.test", "some other text")));
    dmarc = new Dmarc(dns.resolver(), () -> 75);
  }

  @AfterAll
  void stop() {
    dns.close();
  }

  List<Authenticated> spf(String d) {
    return List.of(new Authenticated("spf", d));
  }

  List<Authenticated> dkim(String d) {
    return List.of(new Authenticated("dkim", d));
  }

  @Test
  void passesWhenSpfOrDkimPassForTheFromDomainOrItsOrganisation() {
    assertThat(dmarc.evaluate("reject.test", spf("reject.test"), false).result())
        .isEqualTo(Result.PASS);
    assertThat(dmarc.evaluate("reject.test", dkim("reject.test"), false).result())
        .isEqualTo(Result.PASS);
    // relaxed alignment: a subdomain of the organisational domain aligns
    assertThat(dmarc.evaluate("reject.test", dkim("mail.reject.test"), false).result())
        .isEqualTo(Result.PASS);
    assertThat(dmarc.evaluate("news.reject.test", spf("bounces.reject.test"), false).result())
        .isEqualTo(Result.PASS);
  }

  @Test
  void failsWithThePublishedPolicyWhenNothingAligns() {
    Dmarc.Outcome o = dmarc.evaluate("reject.test", dkim("evil.test"), false);
    assertThat(o.result()).isEqualTo(Result.FAIL);
    assertThat(o.policy()).isEqualTo(Policy.REJECT);
    assertThat(dmarc.evaluate("quarantine.test", List.of(), false).policy())
        .isEqualTo(Policy.QUARANTINE);
    assertThat(dmarc.evaluate("none.test", List.of(), false).policy()).isEqualTo(Policy.NONE);
    assertThat(dmarc.evaluate("none.test", List.of(), false).result()).isEqualTo(Result.FAIL);
  }

  @Test
  void aSubdomainWithoutItsOwnRecordGetsTheOrganisationsSubdomainPolicy() {
    Dmarc.Outcome o = dmarc.evaluate("shop.quarantine.test", List.of(), false);
    assertThat(o.result()).isEqualTo(Result.FAIL);
    assertThat(o.policy()).isEqualTo(Policy.REJECT);
    assertThat(dmarc.evaluate("a.b.reject.test", List.of(), false).policy())
        .isEqualTo(Policy.REJECT);
  }

  @Test
  void strictAlignmentNeedsTheExactDomain() {
    assertThat(dmarc.evaluate("strict.test", dkim("mail.strict.test"), false).result())
        .isEqualTo(Result.FAIL);
    assertThat(dmarc.evaluate("strict.test", dkim("strict.test"), false).result())
        .isEqualTo(Result.PASS);
  }

  @Test
  void aPercentageBelowHundredAppliesTheWeakerPolicyToTheRest() {
    // the sampling source says 75, outside pct=50: reject becomes quarantine
    assertThat(dmarc.evaluate("half.test", List.of(), false).policy()).isEqualTo(Policy.QUARANTINE);
    assertThat(new Dmarc(dns.resolver(), () -> 10).evaluate("half.test", List.of(), false).policy())
        .isEqualTo(Policy.REJECT);
  }

  @Test
  void noUsableRecordMeansNone() {
    for (String d : List.of("nothing.test", "two.test", "garbage.test", "other.test")) {
      assertThat(dmarc.evaluate(d, List.of(), false).result()).as(d).isEqualTo(Result.NONE);
    }
    // p= missing but rua= present counts as p=none
    assertThat(dmarc.evaluate("nop.test", List.of(), false).published())
        .isEqualTo(Optional.of(Policy.NONE));
  }

  @Test
  void dnsTroubleIsATemporaryErrorNeverAFailure() {
    assertThat(new Dmarc(dns.dead()).evaluate("reject.test", List.of(), false).result())
        .isEqualTo(Result.TEMPERROR);
    // SPF or DKIM could not be checked: not a fail, so the message is not rejected for it
    Dmarc.Outcome o = dmarc.evaluate("reject.test", List.of(), true);
    assertThat(o.result()).isEqualTo(Result.TEMPERROR);
    assertThat(o.policy()).isEqualTo(Policy.NONE);
  }

  @Test
  void recordsParseByTags() {
    assertThat(Dmarc.Record.parse("v=DMARC1;p=reject;adkim=s").orElseThrow().strictDkim()).isTrue();
    assertThat(Dmarc.Record.parse(" v = DMARC1 ; p = quarantine ; ").orElseThrow().policy())
        .isEqualTo(Policy.QUARANTINE);
    assertThat(Dmarc.Record.parse("p=reject; v=DMARC1")).isEmpty();
    assertThat(Dmarc.Record.parse("v=DMARC1; p=reject; p=none")).isEmpty();
  }
}
