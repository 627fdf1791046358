package org.postroom.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.Alert;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.NoAlertPresentException;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.Select;
import org.postroom.testsupport.PostroomServer;
import org.postroom.testsupport.SharedBrowserTest;
import org.postroom.testsupport.Submission;
import org.postroom.testsupport.Webmail;

/**
 * The defects a first-day walkthrough found (issue 12, part 4), each as a user meets it in Chromium
 * against the shipped jar. Every test here failed on the webmail before the fix.
 */
class WalkthroughDefectsIT extends SharedBrowserTest {
  void signIn(String address, String password) {
    Webmail.signIn(browser, address, password);
  }

  void signInAsAdmin() {
    signIn(PostroomServer.ADMIN, PostroomServer.ADMIN_PASSWORD);
  }

  String newUser(String local, String name) {
    String address = local + "@example.test";
    server.createUser(address, local + "-password-1", name);
    signIn(address, local + "-password-1");
    return address;
  }

  Alert alert() {
    return browser.waitUntil(d -> d.switchTo().alert());
  }

  boolean alertShown() {
    try {
      browser.driver().switchTo().alert();
      return true;
    } catch (NoAlertPresentException e) {
      return false;
    }
  }

  @Test
  void enterNeverSendsCtrlEnterDoesAndAnEmptySubjectIsAskedAbout() {
    server.createUser("target.person@example.test", "target-password-1", "Target Person");
    newUser("enter.user", "Enter User");
    browser.go("/mail/compose.xhtml");
    WebElement to = browser.find("#to");
    to.sendKeys("target.per");
    browser.waitUntil(d -> browser.exists("ul.autocomplete li[aria-selected=true]"));
    to.sendKeys(Keys.ENTER); // takes the suggestion, sends nothing
    assertThat(to.getAttribute("value")).contains("target.person@example.test");
    assertThat(browser.path()).startsWith("/mail/compose.xhtml");

    WebElement subject = browser.find("#subject");
    subject.sendKeys(Keys.ENTER); // in an empty subject: nothing at all
    assertThat(browser.path()).startsWith("/mail/compose.xhtml");
    assertThat(alertShown()).isFalse();

    // Ctrl+Enter sends, but asks first about the empty subject and body
    subject.sendKeys(Keys.chord(Keys.CONTROL, Keys.ENTER));
    Alert ask = alert();
    assertThat(ask.getText()).isEqualTo("Send this message without a subject?");
    ask.dismiss();
    assertThat(browser.path()).startsWith("/mail/compose.xhtml");
    assertThat(browser.find("#to").getAttribute("value")).contains("target.person");

    browser.find("#subject").sendKeys("Lunch");
    browser.find("#editor").click();
    browser.find("#editor").sendKeys("See you at one.");
    browser.find("#subject").sendKeys(Keys.chord(Keys.CONTROL, Keys.ENTER));
    browser.waitUntil(d -> !browser.path().startsWith("/mail/compose.xhtml"));
    assertThat(alertShown()).isFalse();
    assertThat(browser.path()).startsWith("/mail/");
  }

  @Test
  void sendLaterShowsItsErrorNextToTheTimeAndKeepsWhatWasTyped() {
    newUser("later.user", "Later User");
    browser.go("/mail/compose.xhtml");
    browser.type("#to", "later.user@example.test").type("#subject", "Reminder");
    browser.find("#editor").click();
    browser.find("#editor").sendKeys("Do not forget.");
    browser.find("#send-later summary").click();
    browser.js(
        "var f = document.getElementById('sendAt'); f.value = '2020-01-01T10:00';"
            + " f.dispatchEvent(new Event('input', {bubbles: true}));");
    browser.find("#schedule").click();
    browser.waitUntil(d -> !browser.text("#compose\\:sendAt-error").isEmpty());
    WebElement error = browser.find("#compose\\:sendAt-error");
    assertThat(error.isDisplayed()).as("the error is in sight, not in a closed section").isTrue();
    assertThat(error.getText()).isEqualTo("Choose a time in the future.");
    assertThat(browser.find("#send-later").getAttribute("open")).isNotNull();
    assertThat(browser.find("#sendAt").getAttribute("value")).isEqualTo("2020-01-01T10:00");
    assertThat(browser.find("#sendAt").getAttribute("aria-invalid")).isEqualTo("true");
    assertThat(browser.find("#subject").getAttribute("value")).isEqualTo("Reminder");
    browser.screenshot("send-later-error");
  }

  @Test
  void everyFolderRowRenamesItsOwnFolderAndDeletingAsksFirst() {
    newUser("folders.user", "Folders User");
    browser.go("/mail/folders.xhtml");
    for (String name : List.of("Alpha", "Beta", "Gamma")) {
      browser.type("#create\\:name", name);
      browser.submit("#create\\:submit");
    }
    WebElement alpha = row("#folder-table tr", "Alpha");
    WebElement field = alpha.findElement(By.cssSelector("input[type=text]"));
    field.clear();
    field.sendKeys("Alpha Two");
    WebElement old = browser.find("body");
    alpha.findElement(By.cssSelector("input[type=submit][value=Rename]")).click();
    browser.awaitNextPage(old);
    assertThat(browser.text("#notices")).contains("Renamed to Alpha Two.");
    assertThat(browser.text("#folder-table")).contains("Alpha Two", "Beta", "Gamma");

    row("#folder-table tr", "Beta")
        .findElement(By.cssSelector("input[type=submit][value=Delete]"))
        .click();
    Alert ask = alert();
    assertThat(ask.getText()).contains("Beta");
    ask.dismiss();
    assertThat(browser.text("#folder-table")).contains("Beta");
  }

  @Test
  void theAliasEditorSavesTheRowItWasTypedInAndAFailureStaysInThatRow() {
    server.createUser("alias.target@example.test", "alias-target-pw-1", "Alias Target");
    for (String a : List.of("first-alias", "second-alias", "third-alias")) {
      server.asAdmin(
          "POST",
          "/api/admin/aliases",
          "{\"address\":\"" + a + "@example.test\",\"targets\":[\"postmaster@example.test\"]}");
    }
    signInAsAdmin();
    browser.go("/admin/aliases.xhtml");
    WebElement first = row("#aliases tr", "first-alias@example.test");
    WebElement firstField = first.findElement(By.cssSelector("input[type=text]"));
    assertThat(firstField.getAttribute("value")).isEqualTo("postmaster@example.test");
    firstField.clear();
    firstField.sendKeys("alias.target@example.test");
    WebElement old = browser.find("body");
    first.findElement(By.cssSelector("input[type=submit][value=Save]")).click();
    browser.awaitNextPage(old);
    assertThat(browser.text("#notices")).contains("Alias first-alias@example.test saved.");
    assertThat(row("#aliases tr", "first-alias@example.test").getText())
        .contains("alias.target@example.test");

    WebElement second = row("#aliases tr", "second-alias@example.test");
    second.findElement(By.cssSelector("input[type=text]")).clear();
    second.findElement(By.cssSelector("input[type=text]")).sendKeys("nobody@example.test");
    old = browser.find("body");
    second.findElement(By.cssSelector("input[type=submit][value=Save]")).click();
    browser.awaitNextPage(old);
    WebElement failed = row("#aliases tr", "second-alias@example.test");
    assertThat(failed.findElement(By.cssSelector(".field-error")).getText())
        .isEqualTo("No account nobody@example.test exists.");
    assertThat(failed.findElement(By.cssSelector("input[type=text]")).getAttribute("value"))
        .isEqualTo("nobody@example.test");
    assertThat(
            row("#aliases tr", "first-alias@example.test")
                .findElement(By.cssSelector("input[type=text]"))
                .getAttribute("value"))
        .as("the typed text stays in its own row")
        .isEqualTo("alias.target@example.test");
    assertThat(
            row("#aliases tr", "third-alias@example.test")
                .findElement(By.cssSelector("input[type=text]"))
                .getAttribute("value"))
        .isEqualTo("postmaster@example.test");
    row("#aliases tr", "third-alias@example.test")
        .findElement(By.cssSelector("input[type=submit][value=Delete]"))
        .click();
    alert().dismiss();
    assertThat(browser.text("#aliases")).contains("third-alias@example.test");
  }

  @Test
  void mailFromAMailProgramIsFiledInSentInItsConversationOnceUnlessTurnedOff() {
    String me = newUser("program.user", "Program User");
    server.createUser("friend.local@example.test", "friend-password-1", "Friend");
    server.importMessage(
        me,
        null,
        "Message-ID: <plan-1@remote.test>\r\nFrom: Friend <friend.local@example.test>\r\nTo: "
            + me
            + "\r\nSubject: The plan\r\nDate: Tue, 1 Dec 2026 10:00:00 +0000\r\n\r\nShall we?\r\n");
    byte[] reply =
        ("Message-ID: <plan-2@example.test>\r\nIn-Reply-To: <plan-1@remote.test>\r\n"
                + "References: <plan-1@remote.test>\r\nFrom: Program User <"
                + me
                + ">\r\nTo: Local Friend <friend.local@example.test>\r\nSubject: Re: The plan\r\n"
                + "Date: Tue, 1 Dec 2026 11:00:00 +0000\r\n\r\nYes, let's.\r\n")
            .getBytes(StandardCharsets.UTF_8);
    Submission.Reply r =
        Submission.send(
            server, me, "program.user-password-1", me, List.of("friend.local@example.test"), reply);
    assertThat(r.accepted()).isTrue();

    openFolder("Sent");
    assertThat(browser.text("#messages")).contains("Re: The plan");
    assertThat(browser.all("#messages tr.row")).hasSize(1);
    browser.find("#messages tr.row a.open").click();
    assertThat(browser.text("#conversation")).contains("Shall we?").contains("Yes, let's.");

    // the recipient's name from the message is kept in the address book
    browser.go("/mail/contacts.xhtml");
    assertThat(row("#contacts tr", "friend.local@example.test").getText()).contains("Local Friend");

    // turned off in Settings: the next one is not filed
    browser.go("/settings/");
    WebElement box = browser.find("#sending\\:sentCopy");
    assertThat(box.isSelected()).as("on by default").isTrue();
    box.click();
    browser.submit("#sending\\:save-sending");
    Submission.send(
        server,
        me,
        "program.user-password-1",
        me,
        List.of("friend.local@example.test"),
        new String(reply, StandardCharsets.UTF_8)
            .replace("plan-2@", "plan-3@")
            .replace("Re: The plan", "Not filed")
            .getBytes(StandardCharsets.UTF_8));
    openFolder("Sent");
    assertThat(browser.text("#messages")).doesNotContain("Not filed");
  }

  void openFolder(String label) {
    browser.go("/mail/");
    for (WebElement a : browser.all("#folders a")) {
      if (a.getText().startsWith(label)) {
        WebElement old = browser.find("body");
        a.click();
        browser.awaitNextPage(old);
        return;
      }
    }
    throw new AssertionError("no folder " + label);
  }

  @Test
  void contactSearchIgnoresAccentsTheDateFiltersSayAfterAndLinksUseADialog() {
    newUser("accent.user", "Accent User");
    browser.go("/mail/contacts.xhtml");
    browser.type("#contact\\:name", "José Müller").type("#contact\\:address", "jose@remote.test");
    browser.submit("#contact\\:save");
    browser.type("#q", "jose muller");
    browser.submit("#search");
    assertThat(browser.text("#contacts")).contains("José Müller");

    browser.go("/mail/");
    browser.find("#filters summary").click();
    assertThat(browser.text("label[for=f-after]")).isEqualTo("After");
    assertThat(browser.text("label[for=f-before]")).isEqualTo("Before");

    browser.go("/mail/compose.xhtml");
    WebElement editor = browser.find("#editor");
    editor.click();
    editor.sendKeys("read the docs");
    new Actions(browser.driver())
        .keyDown(Keys.SHIFT)
        .sendKeys(Keys.HOME)
        .keyUp(Keys.SHIFT)
        .perform();
    browser.find("#fmt-link").click();
    assertThat(alertShown()).as("no window.prompt").isFalse();
    browser.waitUntil(d -> browser.find("#link-dialog").getAttribute("open") != null);
    browser.type("#link-url", "javascript:alert(1)");
    browser.find("#link-ok").click();
    assertThat(browser.text("#link-error")).contains("https://");
    browser.find("#link-url").clear();
    browser.type("#link-url", "https://example.org/docs");
    browser.find("#link-ok").click();
    browser.waitUntil(d -> browser.find("#link-dialog").getAttribute("open") == null);
    assertThat(editor.findElement(By.cssSelector("a")).getAttribute("href"))
        .isEqualTo("https://example.org/docs");
  }

  @Test
  void adminFormsReportEveryMistakeNextToItsFieldAndKeepWhatWasTyped() {
    signInAsAdmin();
    browser.go("/admin/users.xhtml");
    browser
        .type("#create\\:address", "bad address")
        .type("#create\\:password", "short")
        .type("#create\\:quota", "lots");
    browser.submit("#create\\:submit");
    for (String f : List.of("address", "password", "quota")) {
      WebElement field = browser.find("#create\\:" + f);
      assertThat(browser.text("#create\\:" + f + "-error")).as(f).isNotEmpty();
      assertThat(field.getAttribute("aria-invalid")).as(f).isEqualTo("true");
      assertThat(field.getAttribute("aria-describedby")).as(f).isEqualTo("create:" + f + "-error");
      assertThat(browser.js("return getComputedStyle(arguments[0]).outlineStyle", field))
          .isNotEqualTo("none");
    }
    assertThat(browser.find("#create\\:quota").getAttribute("value")).isEqualTo("lots");

    browser.find("#create\\:address").clear();
    browser.find("#create\\:password").clear();
    browser.find("#create\\:quota").clear();
    browser
        .type("#create\\:address", "quota.user")
        .type("#create\\:password", "quota-user-password")
        .type("#create\\:quota", "500");
    browser.submit("#create\\:submit");
    browser.go("/admin/user.xhtml?address=quota.user@example.test");
    assertThat(browser.find("#edit\\:quota").getAttribute("value")).isEqualTo("500");

    // an empty reset is refused, not reported as done
    browser.submit("#reset\\:submit");
    assertThat(browser.text("#reset\\:newPassword-error")).isEqualTo("Enter the new password.");
    assertThat(browser.text("body")).doesNotContain("is reset");

    // sending limits: the heading keeps the address and a correction after an error is saved
    browser.go("/admin/sending.xhtml?address=quota.user@example.test");
    browser.type("#limits\\:perHour", "many");
    browser.submit("#limits\\:save");
    assertThat(browser.text("#limits\\:perHour-error")).contains("whole number");
    assertThat(browser.text("#limits-title")).contains("quota.user@example.test");
    browser.find("#limits\\:perHour").clear();
    browser.type("#limits\\:perHour", "50");
    browser.submit("#limits\\:save");
    assertThat(browser.text("#notices")).contains("Limits of quota.user@example.test saved.");
    assertThat(browser.find("#limits\\:perHour").getAttribute("value")).isEqualTo("50");
  }

  @Test
  void serverSettingsOfferChoicesHideSecretsAndReportABadValueAtItsKey() {
    signInAsAdmin();
    browser.go("/admin/settings.xhtml");
    String mta = ".setting[data-key='postroom.mta-sts.mode'] ";
    assertThat(new Select(browser.find(mta + "select")).getOptions())
        .extracting(WebElement::getText)
        .containsExactly("testing", "enforce", "off");
    assertThat(
            browser
                .find(".setting[data-key='postroom.inbound.auth'] input[name=value]")
                .getAttribute("type"))
        .isEqualTo("checkbox");
    String password = ".setting[data-key='postroom.relay.smarthost.password'] ";
    assertThat(browser.find(password + "input[name=value]").getAttribute("type"))
        .isEqualTo("password");
    String smarthost = ".setting[data-key='postroom.relay.smarthost'] p.hint";
    assertThat(browser.text(smarthost)).doesNotContain("`").contains("host:port");
    assertThat(browser.find(smarthost + " code").getText()).isEqualTo("host:port");

    String rcpt = ".setting[data-key='postroom.smtp.max-recipients'] ";
    browser.type(rcpt + "input[name=value]", "lots");
    browser.submit(rcpt + "input[type=submit]");
    WebElement at = browser.find(rcpt);
    assertThat(at.findElement(By.cssSelector(".field-error")).getText()).isNotEmpty();
    assertThat(at.findElement(By.cssSelector("input[name=value]")).getAttribute("value"))
        .isEqualTo("lots");
    assertThat(browser.js("return document.activeElement.name")).isEqualTo("value");
    long top =
        ((Number) browser.js("return arguments[0].getBoundingClientRect().top", at)).longValue();
    assertThat(top).as("the page shows the key in error, not its top").isBetween(-50L, 900L);
  }

  @Test
  void theMailLogAndTheDomainSetupAreReadableAndTheMenusShowWhereYouAre() {
    server.createUser("log.reader@example.test", "log-reader-password", "Log Reader");
    Submission.toMx(
        server,
        "someone@remote.test",
        List.of("log.reader@example.test"),
        ("From: someone@remote.test\r\nTo: log.reader@example.test\r\nMessage-ID:"
                + " <a-rather-long-message-id-1234567890@mail.remote.test>\r\nSubject: log me\r\n\r\nx\r\n")
            .getBytes(StandardCharsets.UTF_8));
    signInAsAdmin();
    browser.resize(1280, 900);
    browser.go("/admin/mail-log.xhtml?q=log.reader");
    List<WebElement> rows = browser.all("#mail-log tbody tr");
    assertThat(rows).isNotEmpty();
    for (WebElement r : rows) {
      assertThat(r.getRect().getHeight()).as("a log line is a line or three").isLessThan(110);
    }
    long tableWidth =
        ((Number) browser.js("return document.getElementById('mail-log').scrollWidth")).longValue();
    long mainWidth =
        ((Number) browser.js("return document.getElementById('main').clientWidth")).longValue();
    assertThat(tableWidth).isLessThanOrEqualTo(mainWidth);
    assertThat(browser.text("nav.sidenav [aria-current=page], .admin-nav [aria-current=page]"))
        .isEqualTo("Mail log");

    browser.go("/admin/domain.xhtml");
    for (WebElement found : browser.all("#dns-records td.found")) {
      int right = found.getRect().getX() + found.getRect().getWidth();
      for (WebElement v : found.findElements(By.cssSelector(".found-value, .check-message"))) {
        assertThat(v.getRect().getX() + v.getRect().getWidth())
            .as("found values stay inside their cell")
            .isLessThanOrEqualTo(right + 1);
      }
    }
    WebElement zone = browser.find("#zone-file");
    assertThat(zone.getAttribute("tabindex")).isEqualTo("0");
    browser.js("arguments[0].focus()", zone);
    assertThat(browser.js("return document.activeElement.id")).isEqualTo("zone-file");

    browser.go("/mail/contacts.xhtml");
    assertThat(browser.find("#nav-contacts").getAttribute("aria-current")).isEqualTo("page");
    assertThat(browser.find("#nav-mail").getAttribute("aria-current")).isNull();
  }

  /** The row of a table that mentions the text. */
  WebElement row(String rowsCss, String text) {
    for (WebElement r : browser.all(rowsCss)) {
      if (r.getText().contains(text)) {
        return r;
      }
    }
    throw new AssertionError("no row with " + text + " in " + rowsCss);
  }
}
