package org.postroom.spam;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.postroom.config.BlocklistZone;
import org.postroom.dns.DnsResolver;
import org.postroom.testsupport.ZoneResolver;

class BlocklistsTest {
  static final List<BlocklistZone> ZONES =
      BlocklistZone.parseList("bl.test=127.0.0.[2..11], other.test");
  static final List<BlocklistZone> DOMAINS = BlocklistZone.parseList("dbl.test=127.0.1.[2..99]");

  final ZoneResolver zone =
      ZoneResolver.of(
          List.of(
              "host-record=9.0.0.127.bl.test,127.0.0.4",
              "txt-record=9.0.0.127.bl.test,\"Listed: see https://bl.test/9\"",
              "host-record=8.0.0.127.bl.test,127.0.0.99",
              "host-record=8.0.0.127.other.test,127.0.0.3",
              "host-record=7.0.0.127.bl.test,127.255.255.254",
              "host-record=1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.bl.test,"
                  + "127.0.0.2",
              "host-record=spam.example.test.dbl.test,127.0.1.2",
              "host-record=fine.example.test.dbl.test,127.255.255.252"));
  final List<String> asked = new ArrayList<>();
  final DnsResolver counting =
      (name, type) -> {
        asked.add(name);
        return zone.lookup(name, type);
      };
  final Blocklists lists = new Blocklists(counting);

  @Test
  void aListedClientIsFoundWithTheListsOwnWords() throws Exception {
    Blocklists.Listing l = lists.client(InetAddress.getByName("127.0.0.9"), ZONES).orElseThrow();
    assertThat(l.zone()).isEqualTo("bl.test");
    assertThat(l.answer()).isEqualTo("127.0.0.4");
    assertThat(l.text()).isEqualTo("Listed: see https://bl.test/9");
    assertThat(lists.client(InetAddress.getByName("127.0.0.10"), ZONES)).isEmpty();
  }

  @Test
  void anAnswerOutsideTheCodesDoesNotListButTheNextZoneMay() throws Exception {
    Blocklists.Listing l = lists.client(InetAddress.getByName("127.0.0.8"), ZONES).orElseThrow();
    assertThat(l.zone()).as("127.0.0.99 is outside bl.test's codes").isEqualTo("other.test");
  }

  @Test
  void anErrorCodeIsNotAListingAndIsLogged() throws Exception {
    List<String> logged = new ArrayList<>();
    Handler h =
        new Handler() {
          @Override
          public void publish(LogRecord r) {
            logged.add(r.getMessage());
          }

          @Override
          public void flush() {}

          @Override
          public void close() {}
        };
    Logger log = Logger.getLogger(Blocklists.class.getName());
    log.addHandler(h);
    try {
      assertThat(lists.client(InetAddress.getByName("127.0.0.7"), ZONES)).isEmpty();
      assertThat(lists.domain("fine.example.test", DOMAINS)).isEmpty();
    } finally {
      log.removeHandler(h);
    }
    assertThat(logged)
        .anySatisfy(
            m -> assertThat(m).contains("bl.test answered 127.255.255.254", "not a listing"))
        .anySatisfy(m -> assertThat(m).contains("dbl.test answered 127.255.255.252"));
  }

  @Test
  void ipv6ClientsAreAskedByNibblesAndDomainsByName() throws Exception {
    assertThat(lists.client(InetAddress.getByName("::1"), ZONES)).isPresent();
    assertThat(lists.domain("Spam.Example.Test.", DOMAINS).orElseThrow().zone())
        .isEqualTo("dbl.test");
    assertThat(lists.domain("clean.example.test", DOMAINS)).isEmpty();
    assertThat(lists.domain("[127.0.0.1]", DOMAINS)).as("an address literal HELO").isEmpty();
  }

  @Test
  void aNoListAnswerIsKeptSoAConnectionWithManyRecipientsAsksOnce() throws Exception {
    InetAddress client = InetAddress.getByName("127.0.0.10");
    for (int i = 0; i < 5; i++) {
      assertThat(lists.client(client, ZONES)).isEmpty();
    }
    assertThat(asked).containsExactly("10.0.0.127.bl.test", "10.0.0.127.other.test");
  }

  @Test
  void aListThatDoesNotAnswerListsNobody() throws Exception {
    Blocklists dead = new Blocklists(ZoneResolver.dead());
    assertThat(dead.client(InetAddress.getByName("127.0.0.9"), ZONES)).isEmpty();
  }
}
