package org.postroom.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.deque.html.axecore.results.Results;
import com.deque.html.axecore.results.Rule;
import com.deque.html.axecore.selenium.AxeBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.chromium.HasCdp;
import org.postroom.testsupport.PostroomServer;
import org.postroom.testsupport.SharedBrowserTest;
import org.postroom.testsupport.Submission;
import org.postroom.testsupport.Webmail;

/**
 * Every page of the webmail and the admin, at 1440x900 and 390x844, light and dark: axe-core finds
 * no critical or serious accessibility violation, no page is wider than the screen, and a
 * screenshot of each lands in target/screenshots/tour for a person to look at ({@code bash
 * scripts/screenshots.sh} runs only this).
 */
class PageTourIT extends SharedBrowserTest {
  static final Path SHOTS = Path.of("target", "screenshots", "tour");
  static final String USER = "tour-" + System.nanoTime() % 100000 + "@example.test";
  static final String PASSWORD = "tour-password-1";
  static long htmlMessage;
  static long plainMessage;

  record Page(String name, String path, boolean admin) {}

  @BeforeAll
  static void mailToLookAt() throws Exception {
    Files.createDirectories(SHOTS);
    server.createUser(USER, PASSWORD, "Tour Guide");
    for (int i = 0; i < 12; i++) {
      server.importMessage(
          USER,
          null,
          "From: Alice Example <alice@example.org>\nTo: "
              + USER
              + "\nSubject: Project update "
              + i
              + "\nDate: Tue, 3 Mar 2026 10:0"
              + (i % 10)
              + ":00 +0000\n\nThe numbers for week "
              + i
              + " are in, and they look good. Let us talk on Friday.\n");
    }
    htmlMessage =
        server.importMessage(
            USER,
            null,
            "From: News <news@example.org>\nTo: "
                + USER
                + "\nSubject: A newsletter\n"
                + "MIME-Version: 1.0\nContent-Type: text/html; charset=utf-8\n\n"
                + "<h1>This week</h1><p>"
                + "Long text. ".repeat(400)
                + "</p><p><a href=\"https://example.org/\">Read more</a></p>");
    plainMessage =
        server.importMessage(
            USER,
            null,
            "From: Bob <bob@example.org>\nTo: "
                + USER
                + "\nSubject: Lunch?\n\nShall we?\n\n> earlier\n> text\n");
    // real SMTP traffic, so the mail log and the queue have lines to show: one message in at
    // the MX, one out through submission to a domain nobody answers for (it waits, deferred)
    Submission.toMx(
        server,
        "carol@remote.test",
        List.of(USER),
        ("From: Carol <carol@remote.test>\r\nTo: "
                + USER
                + "\r\nMessage-ID: <tour-mx-1.a-long-identifier-0123456789@mail.remote.test>"
                + "\r\nSubject: Through the MX\r\n\r\nHello.\r\n")
            .getBytes(java.nio.charset.StandardCharsets.UTF_8));
    Submission.send(
        server,
        USER,
        PASSWORD,
        USER,
        List.of("dave@unanswered.test"),
        ("From: Tour Guide <"
                + USER
                + ">\r\nTo: Dave <dave@unanswered.test>\r\nMessage-ID: <tour-out-1@example.test>"
                + "\r\nSubject: Out through submission\r\n\r\nHi Dave.\r\n")
            .getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  static List<Page> pages() {
    return List.of(
        new Page("inbox", "/mail/", false),
        new Page("message-html", "/mail/message.xhtml?id=" + htmlMessage, false),
        new Page("message-plain", "/mail/message.xhtml?id=" + plainMessage, false),
        new Page("search", "/mail/?q=project", false),
        new Page("compose", "/mail/compose.xhtml", false),
        new Page("folders", "/mail/folders.xhtml", false),
        new Page("scheduled", "/mail/scheduled.xhtml", false),
        new Page("contacts", "/mail/contacts.xhtml", false),
        new Page("settings", "/settings/", false),
        new Page("admin-users", "/admin/users.xhtml", true),
        new Page("admin-user", "/admin/user.xhtml?address=" + USER, true),
        new Page("admin-aliases", "/admin/aliases.xhtml", true),
        new Page("admin-domain", "/admin/domain.xhtml", true),
        new Page("admin-queue", "/admin/queue.xhtml", true),
        new Page("admin-sending", "/admin/sending.xhtml", true),
        new Page("admin-settings", "/admin/settings.xhtml", true),
        new Page("admin-tokens", "/admin/tokens.xhtml", true),
        new Page("admin-mail-log", "/admin/mail-log.xhtml", true));
  }

  void theme(String scheme) {
    ((HasCdp) browser.driver())
        .executeCdpCommand(
            "Emulation.setEmulatedMedia",
            Map.of("features", List.of(Map.of("name", "prefers-color-scheme", "value", scheme))));
  }

  /** Checks the open page; returns what is wrong with it. */
  List<String> check(String name, int width, String scheme) {
    List<String> problems = new ArrayList<>();
    browser.waitUntil(d -> "complete".equals(browser.js("return document.readyState")));
    long scroll = ((Number) browser.js("return document.documentElement.scrollWidth")).longValue();
    long inner = ((Number) browser.js("return window.innerWidth")).longValue();
    if (scroll > inner) {
      problems.add(name + " at " + width + ": " + scroll + " px wide on a " + inner + " px screen");
    }
    Results r =
        new AxeBuilder()
            .withTags(List.of("wcag2a", "wcag2aa", "wcag21a", "wcag21aa"))
            .analyze(browser.driver());
    for (Rule v : r.getViolations()) {
      if ("critical".equals(v.getImpact()) || "serious".equals(v.getImpact())) {
        problems.add(
            name
                + " at "
                + width
                + " "
                + scheme
                + ": "
                + v.getImpact()
                + " "
                + v.getId()
                + " ("
                + v.getNodes().size()
                + "x, e.g. "
                + v.getNodes().get(0).getTarget()
                + ")");
      }
    }
    browser.screenshot("tour/" + name + "-" + width + "-" + scheme);
    return problems;
  }

  void tour(String address, String password, boolean admin, List<String> problems) {
    Webmail.signIn(browser, address, password);
    for (int[] size : new int[][] {{1440, 900}, {390, 844}}) {
      browser.resize(size[0], size[1]);
      for (String scheme : List.of("light", "dark")) {
        theme(scheme);
        for (Page p : pages()) {
          if (p.admin() == admin) {
            browser.go(p.path());
            problems.addAll(check(p.name(), size[0], scheme));
          }
        }
      }
    }
    browser.resize(1280, 900);
    theme("light");
  }

  @Test
  void everyPageIsAccessibleAndFitsTheScreenInBothThemesAtBothSizes() {
    List<String> problems = new ArrayList<>();
    browser.driver().manage().deleteAllCookies();
    for (int[] size : new int[][] {{1440, 900}, {390, 844}}) {
      browser.resize(size[0], size[1]);
      for (String scheme : List.of("light", "dark")) {
        theme(scheme);
        browser.go("/login.xhtml");
        problems.addAll(check("login", size[0], scheme));
      }
    }
    tour(USER, PASSWORD, false, problems);
    tour(PostroomServer.ADMIN, PostroomServer.ADMIN_PASSWORD, true, problems);
    assertThat(problems).isEmpty();
  }

  @Test
  void theListToolbarStaysOnOneLineAt1280AndAPhoneShowsTheMessageBodyInTheFirstScreen() {
    Webmail.signIn(browser, USER, PASSWORD);
    browser.resize(1280, 900);
    browser.go("/mail/");
    Object tops =
        browser.js(
            // a new row starts where a control begins below everything before it
            "var r = [...document.querySelectorAll('.toolbar button, .toolbar select, .toolbar label')]"
                + ".filter(e => e.offsetParent).map(e => e.getBoundingClientRect())"
                + ".sort((a, b) => a.top - b.top);"
                + "var rows = 0, bottom = -1e9;"
                + "for (var x of r) { if (x.top >= bottom) rows++; bottom = Math.max(bottom, x.bottom); }"
                + "return rows;");
    assertThat(((Number) tops).intValue()).as("rows of toolbar buttons").isEqualTo(1);
    browser.resize(390, 844);
    browser.go("/mail/message.xhtml?id=" + plainMessage);
    long bodyTop =
        ((Number)
                browser.js(
                    "return document.getElementById('body-text').getBoundingClientRect().top"))
            .longValue();
    assertThat(bodyTop).as("top of the message text on a 844 px high phone").isLessThan(600);
    browser.go("/mail/message.xhtml?id=" + htmlMessage);
    long frameTop =
        ((Number)
                browser.js(
                    "return document.getElementById('body-frame').getBoundingClientRect().top"))
            .longValue();
    assertThat(frameTop).isLessThan(600);
    browser.resize(1280, 900);
  }
}
