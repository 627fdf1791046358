package org.postroom.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.WindowType;
import org.postroom.testsupport.SharedBrowserTest;
import org.postroom.testsupport.SmtpClient;
import org.postroom.testsupport.Webmail;

/**
 * Live pages in Chromium against the shipped jar: mail delivered over SMTP and changes made in
 * another tab show up in an open page without a reload (the page keeps a marker set before the
 * change, so a reload would be seen).
 */
class LiveBrowserIT extends SharedBrowserTest {
  static final String PASSWORD = "live-password-1";
  static final AtomicInteger USERS = new AtomicInteger();

  /** A bound against a hang, not a speed goal (the 2 s target is measured in bench/live.sh). */
  static final Duration SHOWS_UP = Duration.ofSeconds(15);

  String newUser() {
    String address =
        "live" + USERS.incrementAndGet() + "-" + System.nanoTime() % 100000 + "@example.test";
    server.createUser(address, PASSWORD, "Live User");
    Webmail.signIn(browser, address, PASSWORD);
    return address;
  }

  void markPage() {
    browser.js("window.postroomMarker = 'still the same page';");
  }

  void assertNotReloaded() {
    assertThat(browser.js("return window.postroomMarker || null")).isEqualTo("still the same page");
  }

  void awaitConnected() {
    browser.waitUntil(
        SHOWS_UP,
        d ->
            "true"
                .equals(
                    browser.js(
                        "return document.getElementById('live').getAttribute('data-connected')")));
  }

  static void deliver(String to, String subject) {
    try (SmtpClient smtp = SmtpClient.connect(server.smtpPort())) {
      smtp.command("EHLO sender.remote.test");
      String reply =
          smtp.sendMail(
              "sender@remote.test",
              List.of(to),
              SmtpClient.message(System.nanoTime() + "@remote.test", subject));
      assertThat(reply).startsWith("250");
    }
  }

  @Test
  void mailDeliveredOverSmtpAppearsInTheOpenInboxWithCountAndTitle() {
    String me = newUser();
    browser.go("/mail/");
    awaitConnected();
    markPage();
    assertThat(browser.driver().getTitle()).isEqualTo("Inbox - Postroom");

    deliver(me, "Live one");
    browser.waitUntil(SHOWS_UP, d -> Webmail.rowsWith(browser, "Live one") == 1);
    assertNotReloaded();
    assertThat(browser.exists("#empty-folder") && browser.find("#empty-folder").isDisplayed())
        .isFalse();
    assertThat(Webmail.row(browser, "Live one").getAttribute("class")).contains("unread");
    browser.waitUntil(SHOWS_UP, d -> browser.driver().getTitle().equals("(1) Inbox - Postroom"));
    assertThat(browser.text("#folders li.current .badge")).isEqualTo("1");

    deliver(me, "Live two");
    browser.waitUntil(SHOWS_UP, d -> Webmail.rowsWith(browser, "Live two") == 1);
    assertThat(Webmail.subjects(browser)).containsSubsequence("Live two", "Live one");
    browser.waitUntil(SHOWS_UP, d -> browser.driver().getTitle().startsWith("(2) "));
    assertNotReloaded();
  }

  @Test
  void aMessageReadAndDeletedInAnotherTabChangesTheOpenList() {
    String me = newUser();
    deliver(me, "Read elsewhere");
    deliver(me, "Deleted elsewhere");
    browser.go("/mail/");
    awaitConnected();
    markPage();
    String list = browser.driver().getWindowHandle();
    String readId = Webmail.row(browser, "Read elsewhere").getAttribute("data-id");
    String deletedId = Webmail.row(browser, "Deleted elsewhere").getAttribute("data-id");

    browser.driver().switchTo().newWindow(WindowType.TAB);
    browser.go("/mail/message.xhtml?id=" + readId); // opening marks it read
    browser.waitUntil(SHOWS_UP, d -> browser.exists("[data-marked-read=true]"));
    browser.go("/mail/");
    browser.find("#sel-" + deletedId).click();
    browser.submit("#do-delete");
    browser.driver().close();
    browser.driver().switchTo().window(list);

    browser.waitUntil(SHOWS_UP, d -> Webmail.rowsWith(browser, "Deleted elsewhere") == 0);
    browser.waitUntil(
        SHOWS_UP,
        d -> Webmail.row(browser, "Read elsewhere").getAttribute("class").contains(" read"));
    browser.waitUntil(SHOWS_UP, d -> browser.driver().getTitle().equals("Inbox - Postroom"));
    assertThat(browser.exists("#folders li.current .badge")).isFalse();
    assertNotReloaded();
  }

  @Test
  void aFolderPageThatIsNotOpenCountsNewMailInTheSidebar() {
    String me = newUser();
    browser.go("/mail/scheduled.xhtml");
    awaitConnected();
    markPage();
    deliver(me, "Counted while away");
    browser.waitUntil(SHOWS_UP, d -> browser.exists("#folders li[data-role=INBOX] .badge"));
    assertThat(browser.text("#folders li[data-role=INBOX] .badge")).isEqualTo("1");
    assertThat(browser.driver().getTitle()).startsWith("(1) ");
    assertNotReloaded();
  }

  @Test
  void withNotificationsOnNewInboxMailIsAnnouncedOnceWithSenderAndSubject() {
    String me = newUser();
    ((org.openqa.selenium.chromium.HasCdp) browser.driver())
        .executeCdpCommand(
            "Browser.grantPermissions",
            java.util.Map.of("permissions", List.of("notifications"), "origin", server.baseUrl()));
    browser.go("/settings/");
    // the page's Notification stands in for the desktop's: it records what would be shown
    String fake =
        "window.shown = []; window.Notification = function (t, o) { window.shown.push(t + '|' + o.body);"
            + " localStorage.setItem('shown', JSON.stringify(window.shown)); };"
            + " window.Notification.permission = 'granted';"
            + " window.Notification.requestPermission = function () { return Promise.resolve('granted'); };";
    browser.js(fake);
    browser.find("#notifications").click();
    browser.waitUntil(
        SHOWS_UP,
        d -> "on".equals(browser.js("return localStorage.getItem('postroom.notifications')")));
    browser.go("/mail/scheduled.xhtml");
    browser.js(fake + " localStorage.removeItem('shown');");
    awaitConnected();
    deliver(me, "Worth a notification");
    browser.waitUntil(SHOWS_UP, d -> browser.js("return localStorage.getItem('shown')") != null);
    assertThat((String) browser.js("return localStorage.getItem('shown')"))
        .isEqualTo("[\"Sender|Worth a notification\"]");

    browser.go("/settings/");
    browser.js(fake);
    assertThat(browser.find("#notifications").isSelected()).isTrue();
    browser.find("#notifications").click();
    assertThat(browser.js("return localStorage.getItem('postroom.notifications')"))
        .isEqualTo("off");
  }
}
