package org.postroom.deliverability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.postroom.testsupport.DnsmasqRecords.txt;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.postroom.deliverability.Spf.Result;

/** RFC 7208 against real DNS answers from dnsmasq: every mechanism, limit and error path. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class SpfContract {
  /** The DNS these cases ask, with these records. */
  abstract TestDns startDns(String name, List<String> records);

  TestDns dns;
  Spf spf;

  @BeforeAll
  void start() {
    List<String> r = new ArrayList<>();
    r.add(txt("ip.test", "v=spf1 ip4:127.0.0.2 ip4:127.0.1.0/24 ip6:::1 -all"));
    r.add(txt("soft.test", "v=spf1 ip4:127.0.0.99 ~all"));
    r.add(txt("neutral.test", "v=spf1 ?all"));
    r.add(txt("nomatch.test", "v=spf1 ip4:127.0.0.99"));
    r.add(txt("a.test", "v=spf1 a a:other.a.test/30 -all"));
    r.add("host-record=a.test,127.0.0.5");
    r.add("host-record=other.a.test,127.0.2.1");
    r.add(txt("mx.test", "v=spf1 mx -all"));
    r.add("mx-host=mx.test,mx1.mx.test,10");
    r.add("host-record=mx1.mx.test,127.0.0.6");
    r.add(txt("inc.test", "v=spf1 include:ip.test -all"));
    r.add(txt("incfail.test", "v=spf1 include:soft.test ip4:127.0.0.7 -all"));
    r.add(txt("incnone.test", "v=spf1 include:nothing.test -all"));
    r.add(txt("redir.test", "v=spf1 redirect=ip.test"));
    r.add(txt("redirnone.test", "v=spf1 redirect=nothing.test"));
    r.add(txt("two.test", "v=spf1 -all"));
    r.add(txt("two.test", "v=spf1 +all"));
    r.add(txt("other-txt.test", "google-site-verification=abc"));
    r.add(txt("other-txt.test", "v=spf1 ip4:127.0.0.2 -all"));
    r.add(txt("split.test", List.of("v=spf1 ip4:127.0.0.2", " -all")));
    r.add(txt("bad.test", "v=spf1 ip4:300.1.1.1 -all"));
    r.add(txt("unknown-mech.test", "v=spf1 foo:bar -all"));
    r.add(txt("unknown-mod.test", "v=spf1 foo=bar ip4:127.0.0.2 -all"));
    r.add(txt("exists.test", "v=spf1 exists:%{i}._spf.exists.test -all"));
    r.add("host-record=127.0.0.2._spf.exists.test,127.0.0.1");
    r.add(txt("macro.test", "v=spf1 exists:%{l1r-}.%{o}._u.macro.test -all"));
    r.add("host-record=alice.example.test._u.macro.test,127.0.0.1");
    r.add(txt("loop.test", "v=spf1 include:loop.test -all"));
    StringBuilder many = new StringBuilder("v=spf1");
    for (int i = 0; i < 11; i++) {
      many.append(" a:h").append(i).append(".many.test");
      r.add("host-record=h" + i + ".many.test,127.0.3." + i);
    }
    r.add(txt("many.test", many.append(" -all").toString()));
    r.add(
        txt(
            "voids.test",
            "v=spf1 a:v1.voids.test a:v2.voids.test a:v3.voids.test ip4:127.0.0.2 -all"));
    r.add(txt("ptr.test", "v=spf1 ptr -all"));
    r.add("host-record=host.ptr.test,127.0.0.8");
    r.add(txt("helo.test", "v=spf1 a -all"));
    r.add("host-record=helo.test,127.0.0.9");
    dns = startDns("spf", r);
    spf = new Spf(dns.resolver());
  }

  @AfterAll
  void stop() {
    dns.close();
  }

  InetAddress ip(String s) throws Exception {
    return InetAddress.getByName(s);
  }

  @ParameterizedTest(name = "{0} from {1} is {2}")
  @CsvSource({
    "ip.test, 127.0.0.2, PASS",
    "ip.test, 127.0.1.77, PASS",
    "ip.test, 127.0.0.3, FAIL",
    "ip.test, ::1, PASS",
    "soft.test, 127.0.0.2, SOFTFAIL",
    "neutral.test, 127.0.0.2, NEUTRAL",
    "nomatch.test, 127.0.0.2, NEUTRAL",
    "nothing.test, 127.0.0.2, NONE",
    "other-txt.test, 127.0.0.2, PASS",
    "split.test, 127.0.0.2, PASS",
    "split.test, 127.0.0.3, FAIL",
    "a.test, 127.0.0.5, PASS",
    "a.test, 127.0.2.3, PASS",
    "a.test, 127.0.2.4, FAIL",
    "mx.test, 127.0.0.6, PASS",
    "mx.test, 127.0.0.5, FAIL",
    "inc.test, 127.0.0.2, PASS",
    "inc.test, 127.0.0.4, FAIL",
    "incfail.test, 127.0.0.7, PASS",
    "incfail.test, 127.0.0.98, FAIL",
    "incfail.test, 127.0.0.99, PASS",
    "incnone.test, 127.0.0.2, PERMERROR",
    "redir.test, 127.0.0.2, PASS",
    "redir.test, 127.0.0.4, FAIL",
    "redirnone.test, 127.0.0.2, PERMERROR",
    "two.test, 127.0.0.2, PERMERROR",
    "bad.test, 127.0.0.2, PERMERROR",
    "unknown-mech.test, 127.0.0.2, PERMERROR",
    "unknown-mod.test, 127.0.0.2, PASS",
    "exists.test, 127.0.0.2, PASS",
    "exists.test, 127.0.0.4, FAIL",
    "loop.test, 127.0.0.2, PERMERROR",
    "many.test, 127.0.3.10, PERMERROR",
    "voids.test, 127.0.0.2, PERMERROR",
    "ptr.test, 127.0.0.8, PASS",
    "ptr.test, 127.0.0.4, FAIL",
  })
  void evaluatesTheRecordOfTheSenderDomain(String domain, String ip, Result expected)
      throws Exception {
    assertThat(spf.checkMailFrom(ip(ip), "someone@" + domain, "client.example").result())
        .isEqualTo(expected);
  }

  @Test
  void macrosExpandTheSenderLocalPartAndDomain() throws Exception {
    assertThat(spf.checkMailFrom(ip("127.0.0.2"), "alice@example.test", "h").result())
        .isEqualTo(Result.NONE); // example.test has no record here
    assertThat(spf.checkHost(ip("127.0.0.2"), "macro.test", "alice@example.test", "h").result())
        .isEqualTo(Result.PASS);
    assertThat(spf.checkHost(ip("127.0.0.2"), "macro.test", "bob@example.test", "h").result())
        .isEqualTo(Result.FAIL);
  }

  @Test
  void theNullSenderIsCheckedAsPostmasterOfTheHeloName() throws Exception {
    assertThat(spf.checkMailFrom(ip("127.0.0.9"), "", "helo.test").result()).isEqualTo(Result.PASS);
    assertThat(spf.checkMailFrom(ip("127.0.0.4"), "", "helo.test").result()).isEqualTo(Result.FAIL);
    assertThat(spf.checkHelo(ip("127.0.0.9"), "helo.test").domain()).isEqualTo("helo.test");
  }

  @Test
  void aDnsFailureIsATemporaryError() throws Exception {
    Spf.Outcome o = new Spf(dns.dead()).checkMailFrom(ip("127.0.0.2"), "a@ip.test", "h");
    assertThat(o.result()).isEqualTo(Result.TEMPERROR);
  }

  @Test
  void aMalformedDomainHasNoPolicy() throws Exception {
    assertThat(spf.checkHelo(ip("127.0.0.2"), "localhost").result()).isEqualTo(Result.NONE);
    assertThat(spf.checkHelo(ip("127.0.0.2"), "[127.0.0.2]").result()).isEqualTo(Result.NONE);
  }
}
