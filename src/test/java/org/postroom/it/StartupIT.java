package org.postroom.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.postroom.testsupport.Browser;
import org.postroom.testsupport.FreePort;
import org.postroom.testsupport.PostroomServer;
import org.postroom.testsupport.RawHttp;

/** Starting, stopping and misconfiguring the shipped jar, each on its own server and data. */
class StartupIT {
  @Test
  void aBadValueStopsTheStartWithOneLineNamingTheKey() {
    PostroomServer s =
        PostroomServer.builder("badport").env("POSTROOM_SMTP_PORT", "abc").startExpectingExit();
    assertThat(s.process().exitValue()).isEqualTo(2);
    assertThat(s.log().strip())
        .isEqualTo(
            "postroom: configuration error: postroom.smtp.port (POSTROOM_SMTP_PORT): 'abc' is not a"
                + " port number (1-65535, or 0 to turn it off)");
  }

  @Test
  void aPortThatIsTakenStopsTheStartBeforePayaraRuns() throws Exception {
    int port = FreePort.any();
    try (ServerSocket taken = new ServerSocket()) {
      taken.bind(new InetSocketAddress(InetAddress.getByName("127.0.0.1"), port));
      PostroomServer s =
          PostroomServer.builder("taken")
              .env("POSTROOM_SUBMISSION_PORT", String.valueOf(port))
              .startExpectingExit();
      assertThat(s.process().exitValue()).isEqualTo(2);
      assertThat(s.log())
          .startsWith("postroom: configuration error: postroom.submission.port")
          .contains("cannot listen on 127.0.0.1:" + port)
          .doesNotContain("Payara Micro");
    }
  }

  @Test
  void anInvalidDomainIsRefused() {
    PostroomServer s =
        PostroomServer.builder("baddomain")
            .env("POSTROOM_DOMAIN", "not a domain")
            .startExpectingExit();
    assertThat(s.process().exitValue()).isEqualTo(2);
    assertThat(s.log())
        .contains("postroom.domain (POSTROOM_DOMAIN): 'not a domain' is not a domain name");
  }

  @Test
  void dataSurvivesARestartAndTheDomainCannotChangeOnceAccountsExist() {
    PostroomServer s = PostroomServer.builder("restart").start();
    try {
      s.createUser("erin@example.test", "erins-password-1", "Erin");
      // 8 MB of mail that is then deleted: H2 never reuses file space while it runs (ADR 0014),
      // so only the compaction of a graceful stop gives the space back
      s.createUser("bulk@example.test", "bulks-password-1", "Bulk");
      s.importMail("bulk@example.test", null, "application/mbox", mbox(80, 100_000));
      assertThat(s.asAdmin("DELETE", "/api/admin/users/bulk@example.test", null).statusCode())
          .isEqualTo(204);
      Path file = s.dataDir().resolve("db").resolve("postroom.mv.db");
      long grown = size(file);
      assertThat(grown).as("the file holds the deleted mail's space").isGreaterThan(8_000_000);
      s.restart();
      assertThat(s.log()).contains("database compacted in");
      assertThat(size(file)).as("a graceful stop compacts the file").isLessThan(grown / 2);
      assertThat(
              s.request(
                      "GET",
                      "/api/admin/users/erin@example.test",
                      "erin@example.test",
                      "erins-password-1",
                      null)
                  .statusCode())
          .as("erin can still authenticate (403: not an admin, but known)")
          .isEqualTo(403);
      assertThat(s.asAdmin("GET", "/api/admin/users/erin@example.test", null).body())
          .contains("\"displayName\":\"Erin\"");
      s.stop();
      assertThat(s.process().exitValue()).as("SIGTERM ends Postroom cleanly").isIn(0, 143);
      assertThat(s.log()).contains("postroom: stopped");
    } finally {
      s.stop();
    }
    PostroomServer other =
        PostroomServer.builder("restart-other")
            .env("POSTROOM_DATA_DIR", s.dataDir().toString())
            .env("POSTROOM_DOMAIN", "other.test")
            .startExpectingExit();
    assertThat(other.process().exitValue()).isEqualTo(1);
    assertThat(other.log())
        .contains(
            "postroom: start failed: postroom.domain (POSTROOM_DOMAIN): this database already serves example.test");
  }

  @Test
  void withoutAnAdminPasswordTheFirstVisitSetsUpTheDomainOnceFromLoopbackOrWithTheToken() {
    PostroomServer s =
        PostroomServer.builder("firstrun")
            .env("POSTROOM_ADMIN_PASSWORD", null)
            .env("POSTROOM_DOMAIN", null)
            .start();
    int http = s.port("POSTROOM_HTTP_PORT");
    try {
      Matcher m = Pattern.compile("/setup\\?token=([0-9a-f]+)").matcher(s.log());
      assertThat(m.find()).as("a one-time token is printed on the console").isTrue();
      String token = m.group(1);

      // through a proxy (anyone on the internet, as far as Postroom can tell) the page stays
      // locked without the token, and opens with it
      String viaProxy = "X-Forwarded-For: 203.0.113.9\r\n";
      RawHttp.Response locked =
          RawHttp.request("127.0.0.7", http, "GET", "/setup.xhtml", viaProxy, null);
      assertThat(locked.body()).contains("id=\"setup-locked\"").doesNotContain("setup:password");
      RawHttp.Response open =
          RawHttp.request("127.0.0.7", http, "GET", "/setup.xhtml?token=" + token, viaProxy, null);
      assertThat(open.body()).contains("setup:password");
      RawHttp.Response wrong =
          RawHttp.request(
              "127.0.0.7", http, "GET", "/setup.xhtml?token=" + "0".repeat(36), viaProxy, null);
      assertThat(wrong.body()).contains("id=\"setup-locked\"");

      try (Browser b = Browser.open(s.baseUrl())) {
        b.go("/");
        assertThat(b.path()).startsWith("/setup.xhtml");
        b.type("#setup\\:domain", "bad domain")
            .type("#setup\\:password", "short")
            .type("#setup\\:confirm", "short");
        b.submit("#setup\\:submit");
        assertThat(b.text("#setup\\:domain-error")).contains("domain name");
        assertThat(b.text("#setup\\:password-error")).contains("at least 10");
        b.type("#setup\\:domain", "firstrun.test")
            .type("#setup\\:password", "first-run-password")
            .type("#setup\\:confirm", "first-run-password");
        b.submit("#setup\\:submit");
        assertThat(b.path()).startsWith("/login.xhtml");
        b.type("#login\\:address", "postmaster@firstrun.test")
            .type("#login\\:password", "first-run-password");
        b.submit("#login\\:submit");
        assertThat(b.text("#signed-in-as")).isEqualTo("postmaster@firstrun.test");
        // locked once done, even from loopback
        b.go("/setup.xhtml");
        assertThat(b.path()).doesNotStartWith("/setup.xhtml");
      }
      assertThat(
              s.request(
                      "GET",
                      "/api/admin/aliases",
                      "postmaster@firstrun.test",
                      "first-run-password",
                      null)
                  .body())
          .contains("abuse@firstrun.test");
    } finally {
      s.stop();
    }
  }

  private static long size(Path file) {
    try {
      return java.nio.file.Files.size(file);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** An mbox of {@code count} messages, each with a body of {@code bytes} random-looking text. */
  private static byte[] mbox(int count, int bytes) {
    StringBuilder b = new StringBuilder();
    java.util.Random random = new java.util.Random(7);
    for (int i = 0; i < count; i++) {
      b.append("From sender@example.net Sat Nov 28 10:00:00 2026\r\n")
          .append("From: sender@example.net\r\nTo: bulk@example.test\r\n")
          .append("Subject: bulk ")
          .append(i)
          .append("\r\nMessage-ID: <bulk-")
          .append(i)
          .append("@example.net>\r\n\r\n");
      for (int line = 0; line < bytes / 76; line++) {
        for (int c = 0; c < 74; c++) {
          b.append((char) ('a' + random.nextInt(26)));
        }
        b.append("\r\n");
      }
      b.append("\r\n");
    }
    return b.toString().getBytes(java.nio.charset.StandardCharsets.US_ASCII);
  }
}
