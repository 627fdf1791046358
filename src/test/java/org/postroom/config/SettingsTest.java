package org.postroom.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SettingsTest {
  private static Settings load(String... kv) {
    Map<String, String> m = new HashMap<>();
    for (int i = 0; i < kv.length; i += 2) {
      m.put(kv[i], kv[i + 1]);
    }
    return Settings.load(ConfigLookup.of(m));
  }

  @Test
  void defaultsMatchTheDocumentedPorts() {
    Settings s = load();
    assertThat(s.integer(Setting.HTTP_PORT)).isEqualTo(8080);
    assertThat(s.integer(Setting.SMTP_PORT)).isEqualTo(2525);
    assertThat(s.integer(Setting.SUBMISSION_PORT)).isEqualTo(2587);
    assertThat(s.integer(Setting.SUBMISSIONS_PORT)).isEqualTo(2465);
    assertThat(s.integer(Setting.HTTPS_PORT)).isEqualTo(8443);
    assertThat(s.integer(Setting.RELAY_PORT)).isEqualTo(25);
    assertThat(s.bindAddress()).isEqualTo("0.0.0.0");
  }

  @Test
  void aPortThatIsNotANumberNamesItsKeyAndVariable() {
    assertThatThrownBy(() -> load("postroom.smtp.port", "abc"))
        .isInstanceOf(ConfigException.class)
        .hasMessage(
            "postroom.smtp.port (POSTROOM_SMTP_PORT): 'abc' is not a port number (1-65535, or 0 to"
                + " turn it off)");
    assertThatThrownBy(() -> load("postroom.http.port", "70000"))
        .hasMessageStartingWith("postroom.http.port (POSTROOM_HTTP_PORT): '70000'");
    assertThatThrownBy(() -> load("postroom.http.port", "0"))
        .hasMessageStartingWith("postroom.http.port");
  }

  @Test
  void theHostnameDefaultsToMailDotTheDomain() {
    assertThat(load("postroom.domain", "Example.ORG.").text(Setting.HOSTNAME))
        .isEqualTo("mail.example.org");
    assertThat(
            load("postroom.domain", "example.org", "postroom.hostname", "mx.example.org")
                .text(Setting.HOSTNAME))
        .isEqualTo("mx.example.org");
  }

  @Test
  void badDomainsAndAddressesAreRefused() {
    assertThatThrownBy(() -> load("postroom.domain", "localhost"))
        .hasMessageContaining("not a domain name");
    assertThatThrownBy(() -> load("postroom.domain", "exa mple.org"))
        .hasMessageContaining("not a domain name");
    assertThatThrownBy(() -> load("postroom.bind.address", "example.org"))
        .hasMessageContaining("not an IP address");
    assertThatThrownBy(() -> load("postroom.dns.servers", "dns.example.org:53"))
        .hasMessageContaining("does not start with an IP address");
    assertThatThrownBy(() -> load("postroom.db.url", "jdbc:mysql://x/y"))
        .hasMessageContaining("neither");
    assertThatThrownBy(() -> load("postroom.admin.password", "short"))
        .hasMessageContaining("at least 10");
  }

  @Test
  void dnsServersTakeOptionalPorts() {
    Settings s = load("postroom.dns.servers", "127.0.0.1:5353, 127.0.0.2,[::1]:53");
    assertThat(s.dnsServers())
        .extracting(Object::toString)
        .containsExactly("127.0.0.1:5353", "127.0.0.2:53", "[::1]:53");
  }

  @Test
  void theEmbeddedDatabaseLivesInTheDataDirectoryAndNeverDelaysCommits() {
    Settings s = load("postroom.data.dir", "/srv/postroom");
    assertThat(s.text(Setting.DB_URL))
        .startsWith("jdbc:h2:file:/srv/postroom/db/postroom;WRITE_DELAY=0;REUSE_SPACE=FALSE");
    assertThat(s.isPostgres()).isFalse();
    assertThat(load("postroom.db.url", "jdbc:h2:file:/x/y").text(Setting.DB_URL))
        .isEqualTo("jdbc:h2:file:/x/y;WRITE_DELAY=0;REUSE_SPACE=FALSE");
    Settings pg = load("postroom.db.url", "jdbc:postgresql://127.0.0.1/postroom");
    assertThat(pg.isPostgres()).isTrue();
    assertThat(pg.dataSourceClass()).isEqualTo("org.postgresql.ds.PGSimpleDataSource");
  }

  @Test
  void environmentVariablesFollowMicroProfileNaming() {
    Settings s =
        Settings.load(
            ConfigLookup.environment(
                Map.of("POSTROOM_SMTP_PORT", "25", "POSTROOM_DOMAIN", "example.org")));
    assertThat(s.integer(Setting.SMTP_PORT)).isEqualTo(25);
    assertThat(s.isExplicit(Setting.SMTP_PORT)).isTrue();
    assertThat(s.isExplicit(Setting.HTTP_PORT)).isFalse();
    assertThat(Setting.TLS_KEYSTORE_PASSWORD.envName()).isEqualTo("POSTROOM_TLS_KEYSTORE_PASSWORD");
  }

  @Test
  void anEmptyValueCountsAsUnset() {
    Settings s = load("postroom.domain", "  ");
    assertThat(s.optional(Setting.DOMAIN)).isEmpty();
    assertThat(s.isExplicit(Setting.DOMAIN)).isFalse();
  }

  @Test
  void durationsTakeUnits() {
    assertThat(Settings.duration(Setting.DOMAIN, "300")).isEqualTo(Duration.ofSeconds(300));
    assertThat(Settings.duration(Setting.DOMAIN, "5m")).isEqualTo(Duration.ofMinutes(5));
    assertThat(Settings.duration(Setting.DOMAIN, "5d")).isEqualTo(Duration.ofDays(5));
    assertThat(Settings.duration(Setting.DOMAIN, "250ms")).isEqualTo(Duration.ofMillis(250));
    assertThatThrownBy(() -> Settings.duration(Setting.DOMAIN, "soon"))
        .hasMessageContaining("not a duration");
  }

  @Test
  void sizesTakeBinaryUnits() {
    assertThat(Settings.bytes(Setting.SMTP_MAX_MESSAGE_SIZE, "25MiB")).isEqualTo(25L << 20);
    assertThat(Settings.bytes(Setting.SMTP_MAX_MESSAGE_SIZE, "26214400")).isEqualTo(26214400L);
    assertThat(Settings.bytes(Setting.SMTP_MIN_FREE_DISK, "1g")).isEqualTo(1L << 30);
    assertThat(Settings.bytes(Setting.SMTP_MIN_FREE_DISK, "512 KB")).isEqualTo(512L << 10);
    assertThatThrownBy(() -> load("postroom.smtp.max-message-size", "big"))
        .hasMessageContaining("postroom.smtp.max-message-size")
        .hasMessageContaining("not a size");
    assertThatThrownBy(() -> Settings.bytes(Setting.SMTP_MIN_FREE_DISK, "99999999999999GiB"))
        .hasMessageContaining("too large");
  }

  @Test
  void zeroTurnsAListenerOff() {
    Settings s = load("postroom.smtp.port", "0", "postroom.https.port", "0");
    assertThat(s.enabledPorts())
        .doesNotContainKeys(Setting.SMTP_PORT, Setting.HTTPS_PORT)
        .containsKeys(Setting.HTTP_PORT, Setting.SUBMISSION_PORT);
  }
}
