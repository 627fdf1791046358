package org.postroom.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.postroom.contacts.VCard;
import org.postroom.testsupport.RequestCounter;
import org.postroom.testsupport.SharedBrowserTest;
import org.postroom.testsupport.Swaks;

/**
 * Contacts and the user's settings in real Chromium against the shipped jar: adding with field
 * errors, vCard import and export, address autocomplete in any marked input, one user's book hidden
 * from another, and settings that change what the user sees (page size, remote content, password).
 */
class ContactsBrowserIT extends SharedBrowserTest {
  static final String PASSWORD = "contacts-password-1";
  static final AtomicInteger USERS = new AtomicInteger();
  static RequestCounter remote;

  @BeforeAll
  static void start() {
    remote = RequestCounter.start();
  }

  @AfterAll
  static void stop() {
    if (remote != null) {
      remote.close();
    }
  }

  static String tag() {
    return "t" + USERS.incrementAndGet() + "x" + System.nanoTime() % 1_000_000;
  }

  String newUser(String tag) {
    String address = "book-" + tag + "@example.test";
    server.createUser(address, PASSWORD, "Book " + tag);
    signIn(address, PASSWORD);
    return address;
  }

  void signIn(String address, String password) {
    browser.go("/login.xhtml");
    browser.type("#login\\:address", address).type("#login\\:password", password);
    browser.submit("#login\\:submit");
  }

  void addContact(String name, String address, String note) {
    browser.go("/mail/contacts.xhtml");
    browser.type("#contact\\:name", name).type("#contact\\:address", address);
    browser.type("#contact\\:note", note);
    browser.submit("#contact\\:save");
  }

  /** A GET from the page (with its session cookie): status, a header and the body. */
  @SuppressWarnings("unchecked")
  Map<String, Object> fetch(String path, String header) {
    return (Map<String, Object>)
        ((JavascriptExecutor) browser.driver())
            .executeAsyncScript(
                "var path = arguments[0], header = arguments[1], done = arguments[2];"
                    + "fetch(path).then(function (r) { return r.text().then(function (t) {"
                    + " done({status: r.status, header: r.headers.get(header) || '', body: t});"
                    + " }); });",
                path,
                header);
  }

  List<String> rowAddresses() {
    return browser.all("#contacts tr.contact").stream()
        .map(e -> e.getAttribute("data-address"))
        .toList();
  }

  @Test
  void aContactIsAddedOnceItsFieldErrorIsFixedThenEditedAndDeleted() {
    String tag = tag();
    newUser(tag);
    browser.find("#nav-contacts").click();
    assertThat(browser.text("#no-contacts")).isEqualTo("No contacts yet.");
    addContact("Zoë Example", "zoe at example", "met in Lyon");
    assertThat(browser.text("#contact\\:address-error")).contains("name@example.org");
    assertThat(browser.find("#contact\\:name").getAttribute("value")).isEqualTo("Zoë Example");
    assertThat(browser.exists("#contacts")).isFalse();
    browser.type("#contact\\:address", "zoe@example.org");
    browser.submit("#contact\\:save");
    assertThat(browser.text("#notices")).contains("Zoë Example <zoe@example.org> added.");
    assertThat(rowAddresses()).containsExactly("zoe@example.org");
    assertThat(browser.text("#contacts tr.contact .note")).isEqualTo("met in Lyon");
    browser.resize(360, 740);
    try {
      assertThat(browser.find("#contacts tr.contact a.edit").isDisplayed()).isTrue();
      assertThat(browser.find("#contacts tr.contact .address").isDisplayed()).isTrue();
      browser.screenshot("contacts-phone");
    } finally {
      browser.resize(1280, 900);
    }
    // the same address again is refused next to the field
    addContact("Another", "ZOE@example.org", "");
    assertThat(browser.text("#contact\\:address-error")).contains("already in your contacts");
    // edit
    browser.go("/mail/contacts.xhtml");
    browser.find("#contacts tr.contact a.edit").click();
    assertThat(browser.text("#contact-form-title")).isEqualTo("Edit contact");
    assertThat(browser.find("#contact\\:address").getAttribute("value"))
        .isEqualTo("zoe@example.org");
    browser.type("#contact\\:name", "Zoë Renamed");
    browser.submit("#contact\\:save");
    assertThat(browser.text("#contacts tr.contact .name")).isEqualTo("Zoë Renamed");
    browser.type("#q", "renamed");
    browser.submit("#search");
    assertThat(rowAddresses()).containsExactly("zoe@example.org");
    browser.type("#q", "nobody-like-this");
    browser.submit("#search");
    assertThat(browser.text("#no-contacts")).isEqualTo("No contact matches.");
    browser.go("/mail/contacts.xhtml");
    browser.js("window.confirm = function () { return true; };");
    browser.submit("#contacts tr.contact input.danger");
    assertThat(browser.text("#notices")).contains("deleted");
    assertThat(browser.exists("#contacts")).isFalse();
    browser.screenshot("contacts-after-delete");
  }

  @Test
  void aGoogleExportIsImportedWithAReportAndTheExportReadsBackTheSame() throws Exception {
    newUser(tag());
    browser.go("/mail/contacts.xhtml");
    Path sample = Path.of("src/test/resources/vcard/google.vcf").toAbsolutePath();
    browser.find("#import-file").sendKeys(sample.toString());
    browser.submit("#import-submit");
    assertThat(browser.text("#import-summary")).isEqualTo("3 contacts imported, 1 skipped.");
    assertThat(browser.text("#import-skipped"))
        .isEqualTo("Card 2 (Phone Only): it has no email address");
    assertThat(rowAddresses())
        .containsExactlyInAnyOrder(
            "ana.nunez@example.org", "ana@work.example.com", "ana.other@example.net");
    browser.screenshot("contacts-imported");

    Map<String, Object> export = fetch("/mail/contacts/export.vcf", "content-disposition");
    assertThat(export.get("status")).isEqualTo(200L);
    assertThat((String) export.get("header")).startsWith("attachment; filename=\"contacts.vcf\"");
    VCard.Parsed exported =
        VCard.parse(
            ((String) export.get("body")).getBytes(java.nio.charset.StandardCharsets.UTF_8));
    assertThat(exported.problems()).isEmpty();
    List<String> expected = new ArrayList<>();
    for (VCard.Card c : VCard.parse(Files.readAllBytes(sample)).cards()) {
      for (String e : c.emails()) {
        expected.add(c.name() + "|" + e + "|" + c.note());
      }
    }
    List<String> got = new ArrayList<>();
    for (VCard.Card c : exported.cards()) {
      got.add(c.name() + "|" + String.join(",", c.emails()) + "|" + c.note());
    }
    assertThat(got).containsExactlyInAnyOrderElementsOf(expected);

    // the same file again adds nothing and says why
    browser.find("#import-file").sendKeys(sample.toString());
    browser.submit("#import-submit");
    assertThat(browser.text("#import-summary")).isEqualTo("0 contacts imported, 4 skipped.");
    assertThat(browser.text("#import-skipped")).contains("already in your contacts");
    assertThat(rowAddresses()).hasSize(3);
    // a file that is no vCard is reported, not an error page
    Path junk = Files.createTempFile("not-a-card", ".vcf");
    try {
      Files.writeString(junk, "hello, I am not a vCard\n");
      browser.find("#import-file").sendKeys(junk.toString());
      browser.submit("#import-submit");
      assertThat(browser.text("#import-skipped")).contains("no vCard found in this file");
    } finally {
      Files.deleteIfExists(junk);
    }
  }

  @Test
  void typingInAMarkedInputSuggestsAContactAndALocalUserWithTheKeyboard() {
    String tag = tag();
    String local = "zorro" + tag + ".local@example.test";
    server.createUser(local, PASSWORD, "Zorro" + tag + " Local");
    newUser(tag);
    addContact("Zorro" + tag + " Contact", "zorro" + tag + "@remote.test", "");

    // a comma-separated recipient field like the compose page's, added to this page
    browser.js(
        "var i = document.createElement('input'); i.id = 'to'; i.setAttribute('data-autocomplete', 'addresses');"
            + "document.getElementById('main').appendChild(i);");
    WebElement to = browser.find("#to");
    to.sendKeys("zorro" + tag);
    browser.waitUntil(d -> browser.all("ul.autocomplete li").size() == 2);
    List<WebElement> items = browser.all("ul.autocomplete li");
    assertThat(items.get(0).getAttribute("data-address")).isEqualTo("zorro" + tag + "@remote.test");
    assertThat(items.get(0).getAttribute("data-kind")).isEqualTo("contact");
    assertThat(items.get(1).getAttribute("data-address")).isEqualTo(local);
    assertThat(items.get(1).getAttribute("data-kind")).isEqualTo("local");
    browser.screenshot("autocomplete");
    // the first suggestion is picked already, and the list sits below the field, not over it
    assertThat(browser.find("ul.autocomplete li[aria-selected=true]").getAttribute("data-address"))
        .isEqualTo("zorro" + tag + "@remote.test");
    assertThat(browser.find("ul.autocomplete").getRect().getY())
        .isGreaterThanOrEqualTo(to.getRect().getY() + to.getRect().getHeight());
    to.sendKeys(Keys.ARROW_DOWN);
    assertThat(browser.find("ul.autocomplete li[aria-selected=true]").getAttribute("data-address"))
        .isEqualTo(local);
    to.sendKeys(Keys.ENTER);
    assertThat(to.getAttribute("value")).isEqualTo("Zorro" + tag + " Local <" + local + ">, ");
    assertThat(browser.exists("ul.autocomplete")).isFalse();
    to.sendKeys("zorro" + tag + "@");
    browser.waitUntil(d -> browser.all("ul.autocomplete li").size() == 1);
    to.sendKeys(Keys.ESCAPE);
    assertThat(browser.exists("ul.autocomplete")).isFalse();
    to.sendKeys("r");
    browser.waitUntil(d -> browser.all("ul.autocomplete li").size() == 1);
    to.sendKeys(Keys.ARROW_DOWN, Keys.TAB);
    assertThat(to.getAttribute("value"))
        .isEqualTo(
            "Zorro"
                + tag
                + " Local <"
                + local
                + ">, Zorro"
                + tag
                + " Contact <zorro"
                + tag
                + "@remote.test>, ");

    // the contact form's address field holds one address and fills the empty name
    browser.go("/mail/contacts.xhtml");
    WebElement address = browser.find("#contact\\:address");
    address.sendKeys("zorro" + tag + ".lo");
    browser.waitUntil(d -> browser.all("ul.autocomplete li").size() == 1);
    address.sendKeys(Keys.ARROW_DOWN, Keys.ENTER);
    assertThat(address.getAttribute("value")).isEqualTo(local);
    assertThat(browser.find("#contact\\:name").getAttribute("value"))
        .isEqualTo("Zorro" + tag + " Local");
  }

  @Test
  void mailSentFromAMailProgramIsRememberedLikeMailSentFromTheWebmail() {
    String tag = tag();
    String pal = "pal-" + tag + "@example.test";
    server.createUser(pal, PASSWORD, "Pal " + tag);
    String me = newUser(tag);
    browser.go("/mail/contacts.xhtml");
    assertThat(rowAddresses()).isEmpty();

    String transcript =
        Swaks.send(
            "--server",
            "127.0.0.1:" + server.submissionPort(),
            "--tls",
            "--auth",
            "PLAIN",
            "--auth-user",
            me,
            "--auth-password",
            PASSWORD,
            "--from",
            me,
            "--to",
            pal,
            "--header",
            "Subject: from a mail program " + tag);
    assertThat(transcript).contains("235 2.7.0", "250 2.0.0");
    // collected after the 250, asynchronously
    browser.waitUntil(
        d -> {
          browser.go("/mail/contacts.xhtml");
          return !rowAddresses().isEmpty();
        });
    assertThat(rowAddresses()).containsExactly(pal);
    assertThat(browser.text("#contacts tr.contact")).contains("collected");
  }

  @Test
  void anotherUserNeverSeesTheFirstUsersContacts() {
    String tag = tag();
    String alice = newUser(tag + "a");
    addContact("Secret " + tag, "secret" + tag + "@remote.test", "private note");
    String editLink = browser.find("#contacts tr.contact a.edit").getAttribute("href");
    assertThat((String) fetch("/mail/addresses?q=secret" + tag, "content-type").get("body"))
        .contains("secret" + tag + "@remote.test");

    browser.driver().manage().deleteAllCookies();
    newUser(tag + "b");
    Map<String, Object> json = fetch("/mail/addresses?q=secret" + tag, "content-type");
    assertThat(json.get("status")).isEqualTo(200L);
    assertThat((String) json.get("header")).startsWith("application/json");
    assertThat(json.get("body")).isEqualTo("[]");
    // the other user is a local user of the domain, so that much is offered
    assertThat((String) fetch("/mail/addresses?q=" + alice, "content-type").get("body"))
        .contains("\"address\":\"" + alice + "\"", "\"kind\":\"local\"");
    browser.driver().get(editLink);
    assertThat(browser.text("#notices")).contains("does not exist");
    assertThat(browser.find("#contact\\:address").getAttribute("value")).isEmpty();
    assertThat((String) fetch("/mail/contacts/export.vcf", "content-type").get("body"))
        .doesNotContain("secret" + tag);
    browser.go("/mail/contacts.xhtml");
    assertThat(browser.exists("#contacts")).isFalse();
    // signed out, the endpoint answers nothing but the way to sign in
    browser.driver().manage().deleteAllCookies();
    Map<String, Object> anonymous = fetch("/mail/addresses?q=secret" + tag, "content-type");
    assertThat((String) anonymous.get("header")).startsWith("text/html");
    assertThat((String) anonymous.get("body"))
        .contains("Sign in")
        .doesNotContain("secret" + tag + "@remote.test");
  }

  @Test
  void settingsChangeWhatTheUserSees() {
    String tag = tag();
    String me = newUser(tag);
    for (int i = 1; i <= 12; i++) {
      server.importMessage(
          me,
          null,
          "From: Sender <sender@example.org>\nTo: "
              + me
              + "\nSubject: Message "
              + i
              + "\nMessage-ID: <m"
              + i
              + "-"
              + tag
              + "@x>\n\nbody "
              + i
              + "\n");
    }
    browser.go("/settings/");
    browser.type("#mail\\:pageSize", "10");
    browser.submit("#mail\\:save-mail");
    browser.go("/mail/");
    assertThat(browser.all("#messages tr.row")).hasSize(10);
    assertThat(browser.exists("#older")).isTrue();
    browser.go("/settings/");
    browser.type("#mail\\:pageSize", "50");
    browser.submit("#mail\\:save-mail");
    browser.go("/mail/");
    assertThat(browser.all("#messages tr.row")).hasSize(12);
    assertThat(browser.exists("#older")).isFalse();

    // display name
    browser.go("/settings/");
    browser.type("#profile\\:displayName", "Renamed " + tag);
    browser.submit("#profile\\:save");
    assertThat(browser.find("#profile\\:displayName").getAttribute("value"))
        .isEqualTo("Renamed " + tag);

    // remote content: always, then never
    String html = "<p>Pixel</p><img src=\"" + remote.base() + "/pixel-" + tag + ".gif\">";
    long id =
        server.importMessage(
            me,
            null,
            "From: Tracker <tracker@example.org>\nTo: "
                + me
                + "\nSubject: Pixel\nMIME-Version: 1.0\nContent-Type: text/html\n\n"
                + html);
    browser.go("/settings/");
    assertThat(browser.find("#remote\\:policy\\:1").isSelected()).isTrue();
    browser.find("#remote\\:policy\\:2").click();
    browser.submit("#remote\\:save-remote");
    assertThat(browser.text("#notices")).contains("remote content setting is saved");
    browser.go("/mail/message.xhtml?id=" + id);
    browser.waitUntil(d -> remote.paths().stream().anyMatch(p -> p.contains(tag)));
    assertThat(browser.exists("#remote-banner")).isFalse();
    long loaded = remote.paths().stream().filter(p -> p.contains(tag)).count();
    browser.go("/settings/");
    browser.find("#remote\\:policy\\:0").click();
    browser.submit("#remote\\:save-remote");
    browser.go("/mail/message.xhtml?id=" + id + "&remote=1");
    assertThat(browser.exists("#show-remote")).isFalse();
    assertThat(browser.exists("#trust-sender")).isFalse();
    assertThat(browser.text("#remote-banner")).contains("Never shown");
    sleep(1500);
    assertThat(remote.paths().stream().filter(p -> p.contains(tag)).count()).isEqualTo(loaded);

    // password: the current one is required, then only the new one signs in
    browser.go("/settings/");
    browser
        .type("#password\\:currentPassword", "not-my-password")
        .type("#password\\:newPassword", "brand-new-password-2")
        .type("#password\\:confirmPassword", "brand-new-password-2");
    browser.submit("#password\\:change");
    assertThat(browser.text("#password\\:currentPassword-error"))
        .isEqualTo("This is not your current password.");
    browser
        .type("#password\\:currentPassword", PASSWORD)
        .type("#password\\:newPassword", "brand-new-password-2")
        .type("#password\\:confirmPassword", "brand-new-password-2");
    browser.submit("#password\\:change");
    assertThat(browser.text("#notices")).contains("password is changed");
    browser.driver().manage().deleteAllCookies();
    signIn(me, PASSWORD);
    assertThat(browser.text("#login\\:password-error")).isEqualTo("Wrong address or password.");
    signIn(me, "brand-new-password-2");
    assertThat(browser.path()).startsWith("/mail/");
  }

  static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
