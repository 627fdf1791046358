package org.postroom.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.postroom.testsupport.Browser;
import org.postroom.testsupport.BrowserFailures;
import org.postroom.testsupport.PostgresServer;
import org.postroom.testsupport.PostroomServer;
import org.postroom.testsupport.SmtpClient;
import org.postroom.testsupport.TcpProxy;
import org.postroom.testsupport.Webmail;

/**
 * Live pages with two nodes on one PostgreSQL: a page open on node A hears of mail that node B's MX
 * took (the change is in the database, not in either process), and a page whose connection broke
 * catches up with what changed while it was gone. The browser reaches node A through a TCP proxy
 * that can cut and refuse connections, as a restarting load balancer would.
 */
class LiveClusterIT {
  static final String USER = "nodes@example.test";
  static final String PASSWORD = "two-nodes-password-1";
  static final Duration SHOWS_UP = Duration.ofSeconds(20);

  static PostgresServer pg;
  static PostroomServer a;
  static PostroomServer b;
  static TcpProxy proxy;
  static Browser browser;

  @RegisterExtension final BrowserFailures failures = new BrowserFailures(() -> browser);

  @BeforeAll
  static void start() {
    pg = PostgresServer.startNew();
    String url = pg.createDatabase("live_cluster");
    a = node("live-a", url);
    b = node("live-b", url);
    a.createUser(USER, PASSWORD, "Two Nodes");
    proxy = TcpProxy.to(a.port("POSTROOM_HTTP_PORT"));
    browser = Browser.open("http://127.0.0.1:" + proxy.port());
    Webmail.signIn(browser, USER, PASSWORD);
  }

  static PostroomServer node(String name, String dbUrl) {
    return PostroomServer.builder(name)
        .env("POSTROOM_DB_URL", dbUrl)
        .env("POSTROOM_DB_USER", "postroom")
        .env("POSTROOM_DB_PASSWORD", "postroom")
        // no foreign DNS here: the MX takes mail without SPF/DKIM lookups
        .env("POSTROOM_INBOUND_AUTH", "false")
        .start();
  }

  @AfterAll
  static void stop() {
    if (browser != null) {
      browser.close();
    }
    if (proxy != null) {
      proxy.close();
    }
    for (PostroomServer s : new PostroomServer[] {a, b}) {
      if (s != null) {
        s.stop();
      }
    }
  }

  static void deliverThrough(PostroomServer node, String subject) {
    try (SmtpClient smtp = SmtpClient.connect(node.smtpPort())) {
      smtp.command("EHLO sender.remote.test");
      assertThat(
              smtp.sendMail(
                  "sender@remote.test",
                  List.of(USER),
                  SmtpClient.message(System.nanoTime() + "@remote.test", subject)))
          .startsWith("250");
    }
  }

  String connected() {
    return (String)
        browser.js("return document.getElementById('live').getAttribute('data-connected')");
  }

  void openInbox() {
    browser.go("/mail/");
    browser.waitUntil(SHOWS_UP, d -> "true".equals(connected()));
    browser.js("window.postroomMarker = 'same page';");
  }

  void assertNotReloaded() {
    assertThat(browser.js("return window.postroomMarker || null")).isEqualTo("same page");
  }

  @Test
  void mailThatTheOtherNodeTookShowsUpInThePageOnThisNode() {
    openInbox();
    deliverThrough(b, "Through node B");
    browser.waitUntil(SHOWS_UP, d -> Webmail.rowsWith(browser, "Through node B") == 1);
    assertNotReloaded();
  }

  @Test
  void aPageWhoseConnectionBrokeCatchesUpWithWhatChangedMeanwhile() {
    openInbox();
    proxy.refuse(true);
    proxy.dropAll();
    browser.waitUntil(SHOWS_UP, d -> "false".equals(connected()));
    deliverThrough(b, "While disconnected");
    deliverThrough(a, "Also while disconnected");
    assertThat(Webmail.rowsWith(browser, "disconnected")).isZero();
    proxy.refuse(false);
    browser.waitUntil(SHOWS_UP, d -> Webmail.rowsWith(browser, "disconnected") == 2);
    assertThat("true").isEqualTo(connected());
    assertNotReloaded();
  }
}
