package org.postroom.it;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.postroom.testsupport.Browser;
import org.postroom.testsupport.BrowserFailures;
import org.postroom.testsupport.DnsmasqRecords;
import org.postroom.testsupport.Peers;
import org.postroom.testsupport.PostroomServer;

/**
 * The admin's domain setup against the shipped jar and a real DNS server: publishing what the page
 * shows turns every light green; missing and wrong records are red and amber, on the page and in
 * the JSON report; DKIM keys rotate with the previous one kept listed until retired.
 */
class DomainSetupIT {
  static final String PUBLIC_IP = "127.0.0.10"; // DNS data only: nothing connects to it
  static Peers peers;
  static PostroomServer server;
  static Browser browser;

  @BeforeAll
  static void start() {
    PostroomServer.Builder b =
        PostroomServer.builder("domain")
            .env("POSTROOM_PUBLIC_IPV4", PUBLIC_IP)
            .env("POSTROOM_PUBLIC_IPV6", "::1");
    peers = b.startPeers("domain");
    server = b.start();
    browser = Browser.open(server.baseUrl());
  }

  @AfterAll
  static void stop() {
    if (browser != null) {
      browser.close();
    }
    if (server != null) {
      server.stop();
    }
    if (peers != null) {
      peers.close();
    }
  }

  @RegisterExtension final BrowserFailures failures = new BrowserFailures(() -> browser);

  /** The peers' records for the other test domains, without anything for our domain. */
  static List<String> otherDomains() {
    List<String> r = new ArrayList<>(Peers.standardRecords(PostroomServer.DOMAIN));
    r.removeIf(l -> l.contains(PostroomServer.DOMAIN));
    return r;
  }

  static void publish(List<String> ours) {
    List<String> all = otherDomains();
    all.addAll(ours);
    peers.dns().setRecords(all);
  }

  static String zone() {
    HttpResponse<String> r = server.asAdmin("GET", "/api/admin/dns/zone", null);
    assertThat(r.statusCode()).isEqualTo(200);
    return r.body();
  }

  static JsonObject check() {
    HttpResponse<String> r = server.asAdmin("POST", "/api/admin/dns/check", null);
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return Json.createReader(new StringReader(r.body())).readObject();
  }

  static Map<String, String> states(JsonObject report) {
    Map<String, String> m = new LinkedHashMap<>();
    report
        .getJsonArray("records")
        .getValuesAs(JsonObject.class)
        .forEach(o -> m.put(o.getString("id"), o.getString("status")));
    return m;
  }

  static JsonObject record(JsonObject report, String id) {
    return report.getJsonArray("records").getValuesAs(JsonObject.class).stream()
        .filter(o -> o.getString("id").equals(id))
        .findFirst()
        .orElseThrow();
  }

  void signInAsAdmin() {
    browser.go("/login.xhtml");
    browser.driver().manage().deleteAllCookies();
    browser.go("/login.xhtml");
    browser
        .type("#login\\:address", PostroomServer.ADMIN)
        .type("#login\\:password", PostroomServer.ADMIN_PASSWORD);
    browser.submit("#login\\:submit");
  }

  @Test
  void publishingTheZoneSnippetTurnsEveryLightGreen() {
    publish(List.of());
    JsonObject before = check();
    assertThat(before.getString("overall")).isEqualTo("red");
    assertThat(states(before))
        .containsEntry("mx", "red")
        .containsEntry("a", "red")
        .containsEntry("spf", "red")
        .containsEntry("dmarc", "red")
        .containsEntry("mta-sts", "amber");
    assertThat(record(before, "spf").getString("expected"))
        .isEqualTo("v=spf1 mx ip4:" + PUBLIC_IP + " ip6:::1 -all");

    String zone = zone();
    assertThat(zone).contains("example.test. 3600 IN MX 10 mail.example.test.");
    publish(DnsmasqRecords.fromZoneFile(zone, true));
    JsonObject after = check();
    assertThat(states(after))
        .allSatisfy(
            (id, s) ->
                assertThat(s)
                    .as(id + ": " + record(after, id).getString("message"))
                    .isEqualTo("green"));
    assertThat(after.getInt("green")).isEqualTo(after.getJsonArray("records").size());
    JsonObject dkim =
        after.getJsonArray("records").getValuesAs(JsonObject.class).stream()
            .filter(o -> o.getString("id").startsWith("dkim:"))
            .findFirst()
            .orElseThrow();
    assertThat(dkim.getJsonArray("strings")).hasSizeGreaterThan(1);
    assertThat(dkim.getJsonArray("strings").getValuesAs(jakarta.json.JsonString.class))
        .allSatisfy(s -> assertThat(s.getString().length()).isLessThanOrEqualTo(255));

    signInAsAdmin();
    browser.go("/admin/domain.xhtml");
    assertThat(browser.find("#dns-summary").getAttribute("data-overall")).isEqualTo("green");
    assertThat(browser.text("#count-red")).isEqualTo("0");
    assertThat(browser.all("#dns-records tbody tr"))
        .isNotEmpty()
        .allSatisfy(tr -> assertThat(tr.getAttribute("data-status")).isEqualTo("green"));
    assertThat(browser.text("#rec-spf-value"))
        .isEqualTo("v=spf1 mx ip4:" + PUBLIC_IP + " ip6:::1 -all");
    assertThat(browser.text("#zone-file")).contains("_domainkey.example.test. 3600 IN TXT");
    assertThat(browser.text(".sidenav")).contains("Domain setup");
    assertThat(browser.find("#content-filter").getAttribute("data-configured")).isEqualTo("false");
    assertThat(browser.text("#no-filter")).contains("No content filter is set up.");
    assertThat(browser.text("#filter-commands"))
        .contains("apt-get install rspamd redis-server", "postroom.spam.rspamd.url=");
    browser.screenshot("domain-setup-green");
  }

  @Test
  void missingAndWrongRecordsShowRedAndAmberAndCheckAgainUpdatesThePage() throws Exception {
    List<String> lines = DnsmasqRecords.fromZoneFile(zone(), true);
    lines.removeIf(
        l -> l.startsWith("txt-record=example.test,") || l.startsWith("txt-record=_dmarc."));
    lines.add(DnsmasqRecords.txt("_dmarc.example.test", "v=DMARC1; p=none"));
    publish(DnsmasqRecords.fromZoneFile(zone(), true));
    check();
    signInAsAdmin();
    browser.go("/admin/domain.xhtml");
    String firstTime = browser.find("#checked-at").getAttribute("datetime");
    assertThat(browser.find("#rec-spf").getAttribute("data-status")).isEqualTo("green");

    publish(lines);
    Thread.sleep(50); // a later check has a later time
    browser.submit("#check\\:again");
    assertThat(browser.text("#notices")).contains("Checked every record again");
    assertThat(browser.find("#checked-at").getAttribute("datetime")).isNotEqualTo(firstTime);
    assertThat(browser.find("#rec-spf").getAttribute("data-status")).isEqualTo("red");
    assertThat(browser.text("#rec-spf .state-label")).isEqualTo("Missing");
    assertThat(browser.find("#rec-dmarc").getAttribute("data-status")).isEqualTo("amber");
    assertThat(browser.text("#rec-dmarc .found"))
        .contains("v=DMARC1; p=none")
        .contains("p=none only monitors");
    assertThat(browser.text("#rec-dmarc .expected")).contains("v=DMARC1; p=quarantine");
    assertThat(browser.find("#dns-summary").getAttribute("data-overall")).isEqualTo("red");
    browser.screenshot("domain-setup-red-amber");

    // the JSON report is the same one
    JsonObject json =
        Json.createReader(new StringReader(server.asAdmin("GET", "/api/admin/dns", null).body()))
            .readObject();
    assertThat(states(json)).containsEntry("spf", "red").containsEntry("dmarc", "amber");
    assertThat(record(json, "dmarc").getJsonArray("found").getString(0))
        .isEqualTo("v=DMARC1; p=none");
  }

  @Test
  void rotatingTheKeyKeepsThePreviousListedUntilItIsRetired() throws Exception {
    String before = server.asAdmin("GET", "/api/admin/dkim", null).body();
    JsonObject old = Json.createReader(new StringReader(before)).readArray().getJsonObject(0);
    String oldSelector = old.getString("selector");
    HttpResponse<String> rotated = server.asAdmin("POST", "/api/admin/dkim/rotate", null);
    assertThat(rotated.statusCode()).isEqualTo(200);
    String newSelector =
        Json.createReader(new StringReader(rotated.body())).readObject().getString("selector");
    assertThat(newSelector).isNotEqualTo(oldSelector);

    publish(
        DnsmasqRecords.fromZoneFile(zone(), true).stream()
            .filter(l -> !l.contains(newSelector))
            .toList());
    JsonObject report = check();
    assertThat(states(report))
        .containsEntry("dkim:" + newSelector, "red")
        .containsEntry("dkim:" + oldSelector, "green");
    assertThat(record(report, "dkim:" + oldSelector).getString("need")).isEqualTo("recommended");

    Path dir = server.dataDir().resolve("dkim");
    assertThat(dir.resolve(newSelector + ".key")).exists();
    assertThat(
            PosixFilePermissions.toString(
                Files.getPosixFilePermissions(dir.resolve(newSelector + ".key"))))
        .isEqualTo("rw-------");
    assertThat(server.asAdmin("GET", "/api/admin/dkim", null).body())
        .doesNotContain("PRIVATE")
        .contains(oldSelector, newSelector);

    assertThat(server.asAdmin("DELETE", "/api/admin/dkim/" + newSelector, null).statusCode())
        .isEqualTo(409);
    assertThat(server.asAdmin("DELETE", "/api/admin/dkim/nosuchkey", null).statusCode())
        .isEqualTo(404);
    assertThat(server.asAdmin("DELETE", "/api/admin/dkim/" + oldSelector, null).statusCode())
        .isEqualTo(204);
    assertThat(server.asAdmin("GET", "/api/admin/dkim", null).body())
        .doesNotContain("\"" + oldSelector + "\"");
    assertThat(dir.resolve(oldSelector + ".key")).doesNotExist();
    assertThat(states(check())).doesNotContainKey("dkim:" + oldSelector);
  }

  @Test
  void changingASettingChangesTheRecordsAtOnce() {
    signInAsAdmin();
    // the page offers only the three modes; a forged value is refused next to the key
    setOnSettingsPage("postroom.mta-sts.mode", "on");
    assertThat(browser.text(".setting[data-key='postroom.mta-sts.mode'] .field-error"))
        .contains("'on' is not one of testing, enforce, off");
    setOnSettingsPage("postroom.mta-sts.mode", "off");
    try {
      assertThat(zone()).doesNotContain("_mta-sts").doesNotContain("_smtp._tls");
      assertThat(server.request("GET", "/.well-known/mta-sts.txt", null, null, null).statusCode())
          .isEqualTo(404);
      browser.go("/admin/domain.xhtml");
      assertThat(browser.exists("#rec-mta-sts")).isFalse();
      setOnSettingsPage("postroom.mta-sts.mode", "enforce");
      assertThat(server.request("GET", "/.well-known/mta-sts.txt", null, null, null).body())
          .contains("mode: enforce");
    } finally {
      setOnSettingsPage("postroom.mta-sts.mode", "testing");
    }
  }

  void setOnSettingsPage(String key, String value) {
    browser.go("/admin/settings.xhtml");
    String row = ".setting[data-key='" + key + "'] ";
    var field = browser.find(row + "[name=value]");
    if (field.getTagName().equals("select")) {
      browser.js(
          "var s = arguments[0]; if (![...s.options].some(o => o.value === arguments[1]))"
              + " s.add(new Option(arguments[1], arguments[1]));",
          field,
          value);
      new org.openqa.selenium.support.ui.Select(field).selectByValue(value);
    } else {
      browser.type(row + "[name=value]", value);
    }
    browser.submit(row + "input[type=submit]");
  }

  @Test
  void theMtaStsPolicyIsServedForSenders() {
    HttpResponse<String> r = server.request("GET", "/.well-known/mta-sts.txt", null, null, null);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).contains("version: STSv1", "mode: testing", "mx: mail.example.test");
  }

  @Test
  void usersCannotReadTheReport() {
    server.createUser("dora.dns@example.test", "doras-password-1", "Dora");
    assertThat(
            server
                .request("GET", "/api/admin/dns", "dora.dns@example.test", "doras-password-1", null)
                .statusCode())
        .isEqualTo(403);
    assertThat(server.request("GET", "/api/admin/dns", null, null, null).statusCode())
        .isEqualTo(401);
  }
}
