package org.postroom.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** The domain setup keys: public addresses of the right family, choices from their list. */
class DeliverabilitySettingsTest {
  private static Settings load(String key, String value) {
    return Settings.load(ConfigLookup.of(Map.of(key, value)));
  }

  @Test
  void publicAddressesMustBeOfTheirFamily() {
    assertThat(load("postroom.public.ipv4", "203.0.113.5").text(Setting.PUBLIC_IPV4))
        .isEqualTo("203.0.113.5");
    assertThat(load("postroom.public.ipv6", "2001:DB8::5").text(Setting.PUBLIC_IPV6))
        .isEqualTo("2001:db8::5");
    assertThatThrownBy(() -> load("postroom.public.ipv4", "2001:db8::5"))
        .hasMessage(
            "postroom.public.ipv4 (POSTROOM_PUBLIC_IPV4): '2001:db8::5' is not an IPv4 address (e.g. 203.0.113.5)");
    assertThatThrownBy(() -> load("postroom.public.ipv6", "203.0.113.5"))
        .hasMessageContaining("is not an IPv6 address");
    assertThatThrownBy(() -> load("postroom.public.ipv4", "mail.example.org"))
        .hasMessageContaining("is not an IPv4 address");
  }

  @Test
  void choicesAcceptTheirValuesInAnyCaseAndNameTheOthers() {
    assertThat(
            load("postroom.inbound.dmarc-reject", "Quarantine").text(Setting.INBOUND_DMARC_REJECT))
        .isEqualTo("quarantine");
    assertThatThrownBy(() -> load("postroom.inbound.dns-error", "drop"))
        .hasMessage(
            "postroom.inbound.dns-error (POSTROOM_INBOUND_DNS_ERROR): 'drop' is not one of accept, tempfail");
    assertThatThrownBy(() -> load("postroom.mta-sts.mode", "on"))
        .hasMessageContaining("testing, enforce, off");
  }

  @Test
  void defaultsFollowTheDomainOwnersPolicyAndNeverLoseMail() {
    Settings s = Settings.load(ConfigLookup.of(Map.of()));
    assertThat(s.flag(Setting.INBOUND_AUTH)).isTrue();
    assertThat(s.text(Setting.INBOUND_OWN_DOMAIN_FAIL)).isEqualTo("reject");
    assertThat(s.text(Setting.INBOUND_DMARC_REJECT)).isEqualTo("reject");
    assertThat(s.text(Setting.INBOUND_DMARC_QUARANTINE)).isEqualTo("quarantine");
    assertThat(s.text(Setting.INBOUND_DNS_ERROR)).isEqualTo("accept");
    assertThat(s.optional(Setting.PUBLIC_IPV4)).isEmpty();
    for (Setting k : Setting.values()) {
      if (k.type() == Setting.Type.CHOICE) {
        assertThat(k.choices()).as(k.key()).contains(k.defaultValue());
      }
    }
  }
}
