package org.postroom.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.Select;
import org.postroom.testsupport.RequestCounter;
import org.postroom.testsupport.SharedBrowserTest;

/**
 * Reading mail in real Chromium against the shipped jar: HTML, plain, attachment and inline-image
 * messages; hostile mail that must run nothing; remote content that must not load until asked; the
 * move, delete, flag and search flows; keyboard shortcuts; another user's ids.
 */
class ReadingBrowserIT extends SharedBrowserTest {
  static final String PASSWORD = "reading-password-1";
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

  /** A new user, signed in. */
  String newUser() {
    String address =
        "reader" + USERS.incrementAndGet() + "-" + System.nanoTime() % 100000 + "@example.test";
    server.createUser(address, PASSWORD, "Reader");
    signIn(address);
    return address;
  }

  void signIn(String address) {
    browser.go("/login.xhtml");
    browser.type("#login\\:address", address).type("#login\\:password", PASSWORD);
    browser.submit("#login\\:submit");
  }

  void open(long id) {
    browser.go("/mail/message.xhtml?id=" + id);
  }

  static String msg(String headers, String body) {
    return "From: Alice Example <alice@example.org>\nTo: reader@example.test\n"
        + "Date: Tue, 3 Mar 2026 10:00:00 +0000\n"
        + headers
        + "\n\n"
        + body;
  }

  /** Waits a little for anything the page might still fetch, then returns the remote paths. */
  List<String> remotePathsAfterSettling() {
    sleep(1500);
    return remote.paths();
  }

  @Test
  void aPlainMessageShowsLinksThatOpenSafelyAndFoldsItsQuote() {
    String me = newUser();
    long id =
        server.importMessage(
            me,
            null,
            msg(
                "Subject: Plain hello",
                "Hello Reader,\nsee https://example.org/docs for details.\n\nOn Monday Bob wrote:\n> the quoted question\n> second quoted line\n"));
    open(id);
    assertThat(browser.text("#subject")).isEqualTo("Plain hello");
    assertThat(browser.text("#h-from")).isEqualTo("Alice Example <alice@example.org>");
    assertThat(browser.text("#body-text")).contains("Hello Reader,");
    WebElement link = browser.find("#body-text a[href='https://example.org/docs']");
    assertThat(link.getAttribute("target")).isEqualTo("_blank");
    assertThat(link.getAttribute("rel")).isEqualTo("noopener noreferrer");
    WebElement quote = browser.find("#body-text details.quote");
    assertThat(quote.getAttribute("open")).isNull();
    assertThat(browser.find("#body-text details.quote .quoted").isDisplayed()).isFalse();
    quote.findElement(org.openqa.selenium.By.tagName("summary")).click();
    assertThat(browser.text("#body-text details.quote .quoted")).contains("the quoted question");
    browser.screenshot("reading-plain");
    browser.go("/mail/print.xhtml?id=" + id);
    assertThat(browser.text("#subject")).isEqualTo("Plain hello");
    assertThat(browser.text("#body-text")).contains("Hello Reader,", "> the quoted question");
    browser.go("/mail/view/source/" + id);
    assertThat(browser.driver().getPageSource()).contains("Subject: Plain hello");
  }

  @Test
  void openingAMessageMarksItReadByPostAndTheCountsFollow() {
    String me = newUser();
    long id = server.importMessage(me, null, msg("Subject: Count me", "body"));
    browser.go("/mail/");
    assertThat(browser.text("#folders li.current .badge")).isEqualTo("1");
    assertThat(browser.find("tr[data-id='" + id + "']").getAttribute("class")).contains("unread");
    // fetching the page (a GET) changes nothing
    Object status =
        ((JavascriptExecutor) browser.driver())
            .executeAsyncScript(
                "var done = arguments[arguments.length - 1];"
                    + "fetch('/mail/message.xhtml?id="
                    + id
                    + "').then(function (r) { done(r.status); });");
    assertThat(status).isEqualTo(200L);
    browser.go("/mail/");
    assertThat(browser.find("tr[data-id='" + id + "']").getAttribute("class")).contains("unread");
    open(id);
    browser.waitUntil(d -> browser.find("#message").getAttribute("data-marked-read") != null);
    browser.go("/mail/");
    assertThat(browser.find("tr[data-id='" + id + "']").getAttribute("class"))
        .contains("read")
        .doesNotContain("unread");
    assertThat(browser.exists("#folders li.current .badge")).isFalse();
  }

  @Test
  void anHtmlMessageIsShownInASandboxedFrameWithAPlainTextSwitch() {
    String me = newUser();
    long id =
        server.importMessage(
            me,
            null,
            msg(
                "Subject: Newsletter\nMIME-Version: 1.0\nContent-Type: multipart/alternative; boundary=b",
                "--b\nContent-Type: text/plain\n\nThe plain version\n--b\nContent-Type: text/html\n\n"
                    + "<h2>The <b>HTML</b> version</h2><p><a href=\""
                    + remote.base()
                    + "/link-opened\">Offer</a></p>\n--b--\n"));
    open(id);
    WebElement frame = browser.find("#body-frame");
    assertThat(frame.getAttribute("sandbox"))
        .isEqualTo("allow-same-origin allow-popups allow-popups-to-escape-sandbox");
    browser.driver().switchTo().frame(frame);
    try {
      assertThat(browser.text("h2")).isEqualTo("The HTML version");
      WebElement a = browser.find("a");
      assertThat(a.getAttribute("target")).isEqualTo("_blank");
      assertThat(a.getAttribute("rel")).isEqualTo("noopener noreferrer");
      // a sandbox without popups would swallow the click: the link must really open
      a.click();
    } finally {
      browser.driver().switchTo().defaultContent();
    }
    browser.waitUntil(d -> remote.paths().contains("/link-opened"));
    String main = browser.driver().getWindowHandle();
    for (String w : browser.driver().getWindowHandles()) {
      if (!w.equals(main)) {
        browser.driver().switchTo().window(w).close();
      }
    }
    browser.driver().switchTo().window(main);
    String csp =
        (String)
            ((JavascriptExecutor) browser.driver())
                .executeAsyncScript(
                    "var done = arguments[arguments.length - 1];"
                        + "fetch('/mail/view/body/"
                        + id
                        + "').then(function (r) { done(r.headers.get('content-security-policy')); });");
    assertThat(csp)
        .contains("default-src 'none'")
        .contains("sandbox allow-same-origin allow-popups")
        .doesNotContain("allow-scripts")
        .doesNotContain("script-src");
    assertThat(browser.find("#body-frame").getAttribute("sandbox"))
        .contains("allow-same-origin")
        .doesNotContain("allow-scripts");
    // the frame is sized to what it shows, not a fixed box
    long frameHeight =
        ((Number) browser.js("return document.getElementById('body-frame').offsetHeight"))
            .longValue();
    long contentHeight =
        ((Number)
                browser.js(
                    "return document.getElementById('body-frame').contentDocument.documentElement.scrollHeight"))
            .longValue();
    assertThat(frameHeight).isBetween(contentHeight, contentHeight + 40);
    browser.screenshot("reading-html");
    browser.find("#show-plain").click();
    assertThat(browser.text("#body-text")).contains("The plain version");
  }

  @Test
  void anInlineCidImageIsShownInsideTheFrame() {
    String me = newUser();
    long id =
        server.importMessage(
            me,
            null,
            msg(
                "Subject: Inline picture\nMIME-Version: 1.0\nContent-Type: multipart/related; boundary=b",
                "--b\nContent-Type: text/html\n\n<p>Our logo:</p><img id=\"logo\" src=\"cid:logo@x\" alt=\"logo\">\n"
                    + "--b\nContent-Type: image/png\nContent-ID: <logo@x>\nContent-Transfer-Encoding: base64\n\n"
                    + "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==\n--b--\n"));
    open(id);
    browser.driver().switchTo().frame(browser.find("#body-frame"));
    try {
      browser.waitUntil(
          d ->
              (Boolean)
                  browser.js(
                      "var i = document.querySelector('img'); return i.complete && i.naturalWidth > 0;"));
    } finally {
      browser.driver().switchTo().defaultContent();
    }
  }

  @Test
  void attachmentsAreListedAndDownloadAsAttachmentsAndAsAZip() {
    String me = newUser();
    long id =
        server.importMessage(
            me,
            null,
            msg(
                "Subject: Report attached\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=b",
                "--b\nContent-Type: text/plain\n\nSee the report.\n--b\nContent-Type: application/pdf; name=\"x.pdf\"\n"
                    + "Content-Disposition: attachment; filename*=utf-8''Bericht%20%C3%BCber%20%22Q1%22.pdf\n"
                    + "Content-Transfer-Encoding: base64\n\nJVBERi0xLjQK\n--b\nContent-Type: text/html; name=\"page.html\"\n"
                    + "Content-Disposition: attachment; filename=\"page.html\"\n\n<script>window.top.pwned=1</script>\n--b--\n"));
    open(id);
    List<String> names =
        browser.all("#attachments a.attachment").stream().map(WebElement::getText).toList();
    assertThat(names).containsExactly("Bericht über \"Q1\".pdf", "page.html");
    String href = browser.find("#attachments a.attachment").getAttribute("href");
    @SuppressWarnings("unchecked")
    List<String> headers =
        (List<String>)
            ((JavascriptExecutor) browser.driver())
                .executeAsyncScript(
                    "var done = arguments[arguments.length - 1];"
                        + "fetch(arguments[0]).then(function (r) { done([r.headers.get('content-disposition'),"
                        + " r.headers.get('x-content-type-options'), r.headers.get('content-type'),"
                        + " r.headers.get('content-security-policy')]); });",
                    href);
    assertThat(headers.get(0))
        .isEqualTo(
            "attachment; filename=\"Bericht _ber _Q1_.pdf\"; filename*=UTF-8''Bericht%20%C3%BCber%20%22Q1%22.pdf");
    assertThat(headers.get(1)).isEqualTo("nosniff");
    assertThat(headers.get(2)).isEqualTo("application/octet-stream");
    assertThat(headers.get(3)).contains("sandbox");
    Object zip =
        ((JavascriptExecutor) browser.driver())
            .executeAsyncScript(
                "var done = arguments[arguments.length - 1];"
                    + "fetch(document.getElementById('download-all').href).then(function (r) {"
                    + " return r.arrayBuffer().then(function (b) { var u = new Uint8Array(b);"
                    + " done([r.headers.get('content-type'), u[0], u[1]]); }); });");
    assertThat(zip).isEqualTo(List.of("application/zip", 80L, 75L));
  }

  @Test
  void aHostileMessageRunsNothingAndContactsNoOne() {
    String me = newUser();
    String r = remote.base();
    long id =
        server.importMessage(
            me,
            null,
            msg(
                "Subject: =?UTF-8?Q?<img_src=3Dx_onerror=3Dwindow.top.pwned=3D1>_Invoice?=\nMIME-Version: 1.0\n"
                    + "Content-Type: text/html; charset=utf-8",
                "<html><head><meta http-equiv=\"refresh\" content=\"0;url="
                    + r
                    + "/refresh\"><link rel=\"stylesheet\" href=\""
                    + r
                    + "/css\"><link rel=\"prefetch\" href=\""
                    + r
                    + "/prefetch\"><style>@import url("
                    + r
                    + "/import); body{background:url("
                    + r
                    + "/bg)}</style></head>"
                    + "<body onload=\"fetch('"
                    + r
                    + "/onload')\"><p id=\"text\">Please pay</p>"
                    + "<script>window.top.pwned=1;fetch('"
                    + r
                    + "/script')</script>"
                    + "<img src=\"x\" onerror=\"fetch('"
                    + r
                    + "/onerror')\">"
                    + "<img src=\""
                    + r
                    + "/pixel.gif\" srcset=\""
                    + r
                    + "/srcset.gif 2x\">"
                    + "<div style=\"background-image:url("
                    + r
                    + "/style)\">styled</div>"
                    + "<table background=\""
                    + r
                    + "/table\"><tr><td>cell</td></tr></table>"
                    + "<svg><image href=\""
                    + r
                    + "/svg\"/><script>window.top.pwned=1</script></svg>"
                    + "<a id=\"js\" href=\"javascript:window.top.pwned=1\">click me</a>"
                    + "<iframe src=\""
                    + r
                    + "/iframe\"></iframe><object data=\""
                    + r
                    + "/object\"></object>"
                    + "<form action=\""
                    + r
                    + "/form\"><input name=q><button id=\"go\">go</button></form></body></html>\n"));
    int before = remote.count();
    browser.go("/mail/");
    assertThat(browser.text("tr[data-id='" + id + "'] .subject-text"))
        .isEqualTo("<img src=x onerror=window.top.pwned=1> Invoice");
    open(id);
    assertThat(browser.driver().getTitle())
        .startsWith("<img src=x onerror=window.top.pwned=1> Invoice");
    assertThat(browser.text("#subject"))
        .isEqualTo("<img src=x onerror=window.top.pwned=1> Invoice");
    assertThat(browser.text("#remote-banner")).contains("Remote content is blocked");
    browser.driver().switchTo().frame(browser.find("#body-frame"));
    try {
      assertThat(browser.text("p")).isEqualTo("Please pay");
      assertThat(browser.exists("script, iframe, object, form, svg, link, meta[http-equiv]"))
          .isFalse();
      if (browser.exists("a")) {
        browser.find("a").click();
      }
    } finally {
      browser.driver().switchTo().defaultContent();
    }
    assertThat(remotePathsAfterSettling().subList(before, remote.count())).isEmpty();
    assertThat(browser.js("return window.pwned === undefined")).isEqualTo(true);
    assertThat(browser.path()).isEqualTo("/mail/message.xhtml?id=" + id);
    browser.screenshot("reading-hostile");
  }

  @Test
  void aRemoteImageLoadsOnlyAfterShowRemoteContentAndAlwaysForTheSenderAfterThat() {
    String me = newUser();
    String html =
        "<p>Tracked</p><img id=\"pixel\" src=\"" + remote.base() + "/tracker-" + me + ".gif\">";
    long id =
        server.importMessage(
            me, null, msg("Subject: Tracker\nMIME-Version: 1.0\nContent-Type: text/html", html));
    open(id);
    assertThat(remotePathsAfterSettling()).noneMatch(p -> p.contains(me));
    browser.find("#show-remote").click();
    browser.waitUntil(d -> remote.paths().stream().anyMatch(p -> p.contains(me)));
    long fetched = remote.paths().stream().filter(p -> p.contains(me)).count();
    // a second message from the same sender stays blocked until the user trusts the sender
    long second =
        server.importMessage(
            me, null, msg("Subject: Tracker 2\nMIME-Version: 1.0\nContent-Type: text/html", html));
    open(second);
    assertThat(remotePathsAfterSettling().stream().filter(p -> p.contains(me)).count())
        .isEqualTo(fetched);
    browser.submit("#trust-sender");
    assertThat(browser.text("#notice")).contains("alice@example.org");
    browser.waitUntil(d -> remote.paths().stream().filter(p -> p.contains(me)).count() > fetched);
    assertThat(browser.exists("#remote-banner")).isFalse();
  }

  @Test
  void moveDeleteAndFlagFromTheListAndTheKeyboard() {
    String me = newUser();
    long a = server.importMessage(me, null, msg("Subject: First", "one"));
    long b = server.importMessage(me, null, msg("Subject: Second", "two"));
    long c = server.importMessage(me, null, msg("Subject: Third", "three"));
    browser.go("/mail/");
    // move b to Archive
    browser.find("#sel-" + b).click();
    new Select(browser.find("#move-to")).selectByVisibleText("Archive");
    browser.submit("#do-move");
    assertThat(browser.text("#notice")).isEqualTo("1 message moved to Archive.");
    assertThat(browser.exists("tr[data-id='" + b + "']")).isFalse();
    // flag c with the keyboard: j selects the first row (newest), s flags it
    new Actions(browser.driver()).sendKeys("j").perform();
    WebElement flag = browser.find("#do-flag");
    new Actions(browser.driver()).sendKeys("s").perform();
    browser.awaitNextPage(flag);
    assertThat(browser.find("tr[data-id='" + c + "']").getAttribute("class")).contains("flagged");
    // delete a: to Trash, then from Trash for good
    browser.find("#sel-" + a).click();
    browser.submit("#do-delete");
    assertThat(browser.text("#notice")).isEqualTo("1 message moved to Trash.");
    browser
        .find("#folders")
        .findElements(org.openqa.selenium.By.cssSelector("a.folder-link"))
        .stream()
        .filter(e -> e.getText().startsWith("Trash"))
        .findFirst()
        .orElseThrow()
        .click();
    assertThat(browser.text("#folder-title")).isEqualTo("Trash");
    browser.find("#sel-" + a).click();
    // deleting for good cannot be undone, so it asks first
    WebElement trashList = browser.find("#messages");
    browser.find("#do-delete").click();
    assertThat(browser.driver().switchTo().alert().getText()).contains("for good");
    browser.driver().switchTo().alert().accept();
    browser.awaitNextPage(trashList);
    assertThat(browser.text("#notice")).isEqualTo("1 message deleted for good.");
    assertThat(browser.text("#empty-folder")).contains("No messages");
    // o opens, # deletes from the message page
    browser.go("/mail/");
    new Actions(browser.driver()).sendKeys("j").sendKeys("o").perform();
    browser.waitUntil(d -> browser.path().startsWith("/mail/message.xhtml?id=" + c));
    WebElement subject = browser.find("#subject");
    new Actions(browser.driver()).sendKeys("#").perform();
    browser.awaitNextPage(subject);
    assertThat(browser.text("#notice")).isEqualTo("1 message moved to Trash.");
    assertThat(browser.exists("tr[data-id='" + c + "']")).isFalse();
  }

  @Test
  void searchFindsBodyWordsAcrossFoldersAndShowsTheFolder() {
    String me = newUser();
    long a = server.importMessage(me, null, msg("Subject: Budget", "the zeppelin budget for 2026"));
    long b = server.importMessage(me, "Projects", msg("Subject: Other", "nothing to see"));
    long c =
        server.importMessage(
            me,
            "Projects",
            msg(
                "Subject: Plans\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=b",
                "--b\nContent-Type: text/plain\n\nattached\n--b\nContent-Type: application/pdf\n"
                    + "Content-Disposition: attachment; filename=\"zeppelin-plan.pdf\"\n\nx\n--b--\n"));
    browser.go("/mail/");
    new Actions(browser.driver()).sendKeys("/").perform();
    assertThat(browser.driver().switchTo().activeElement().getAttribute("id")).isEqualTo("q");
    browser.driver().switchTo().activeElement().sendKeys("zeppelin" + Keys.ENTER);
    browser.waitUntil(d -> browser.path().startsWith("/mail/?q=zeppelin"));
    assertThat(
            browser.all("#messages tr.row").stream()
                .map(e -> Long.parseLong(e.getAttribute("data-id")))
                .toList())
        .containsExactly(c, a);
    assertThat(browser.text("tr[data-id='" + c + "'] td.folder")).isEqualTo("Projects");
    browser.type("#q", "zeppelin has:attachment");
    browser.submit("#search-submit");
    assertThat(browser.all("#messages tr.row")).hasSize(1);
    browser.type("#q", "is:nonsense");
    browser.submit("#search-submit");
    assertThat(browser.text("#q-error")).contains("is: takes unread, read or flagged");
    assertThat(b).isPositive();
  }

  @Test
  void anotherUsersMessagesFoldersAndAttachmentsAreNotFound() {
    String owner = newUser();
    long id =
        server.importMessage(
            owner,
            "Private",
            msg(
                "Subject: Secret\nMIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=b",
                "--b\nContent-Type: text/plain\n\nsecret text\n--b\nContent-Type: application/pdf\n"
                    + "Content-Disposition: attachment; filename=\"secret.pdf\"\n\nx\n--b--\n"));
    browser.go("/mail/message.xhtml?id=" + id);
    String folderHref = browser.find("#back").getAttribute("href");
    browser.driver().manage().deleteAllCookies();
    newUser();
    for (String path :
        List.of(
            "/mail/message.xhtml?id=" + id,
            "/mail/view/body/" + id,
            "/mail/view/part/" + id + "/2",
            "/mail/view/zip/" + id,
            "/mail/view/source/" + id,
            "/mail/print.xhtml?id=" + id,
            folderHref.replace(server.baseUrl(), ""))) {
      Object status =
          ((JavascriptExecutor) browser.driver())
              .executeAsyncScript(
                  "var done = arguments[arguments.length - 1];"
                      + "fetch(arguments[0]).then(function (r) { return r.text().then(function (t) {"
                      + " done([r.status, t.indexOf('secret') >= 0]); }); });",
                  path);
      assertThat(status).as(path).isEqualTo(List.of(404L, false));
    }
  }

  @Test
  void theReadingPagesWorkOnAPhone() {
    String me = newUser();
    long id =
        server.importMessage(
            me,
            null,
            msg(
                "Subject: A rather long subject line that has to wrap somewhere on a small phone screen",
                "https://example.org/a/very/long/link/that/should/not/push/the/page/wider/than/the/screen/at/all"));
    browser.resize(360, 740);
    try {
      browser.go("/mail/");
      assertThat((Long) browser.js("return document.documentElement.scrollWidth"))
          .isLessThanOrEqualTo(360);
      open(id);
      assertThat((Long) browser.js("return document.documentElement.scrollWidth"))
          .isLessThanOrEqualTo(360);
      browser.screenshot("reading-phone-message");
    } finally {
      browser.resize(1280, 900);
    }
  }

  @Test
  void aConversationIsOneRowUntilTheUserTurnsConversationsOffAndSettingsReportMistakesAtTheField() {
    String me = newUser();
    long first = server.importMessage(me, null, msg("Message-ID: <c1@x>\nSubject: Trip", "first"));
    long reply =
        server.importMessage(
            me,
            null,
            "Message-ID: <c2@x>\nIn-Reply-To: <c1@x>\n" + msg("Subject: Re: Trip", "second"));
    long sent =
        server.importMessage(
            me,
            "Sent",
            "Message-ID: <c3@x>\nIn-Reply-To: <c2@x>\n" + msg("Subject: Re: Trip", "my answer"));
    browser.go("/mail/");
    assertThat(browser.all("#messages tr.row")).hasSize(1);
    assertThat(browser.find("#messages tr.row").getAttribute("data-id"))
        .isEqualTo(String.valueOf(reply));
    assertThat(browser.text("#messages tr.row .count")).isEqualTo("3");
    open(first);
    assertThat(browser.all("#conversation li")).hasSize(3);
    assertThat(browser.text("#conversation")).contains("Sent", "my answer");
    browser.go("/settings/");
    browser.type("#mail\\:pageSize", "5");
    browser.submit("#mail\\:save-mail");
    assertThat(browser.text("#mail\\:pageSize-error")).isEqualTo("Choose between 10 and 200.");
    browser.type("#mail\\:pageSize", "20");
    browser.find("#mail\\:conversationView").click();
    browser.submit("#mail\\:save-mail");
    assertThat(browser.text("#notices")).contains("mail settings are saved");
    browser.go("/mail/");
    assertThat(
            browser.all("#messages tr.row").stream()
                .map(e -> Long.parseLong(e.getAttribute("data-id")))
                .toList())
        .containsExactly(reply, first);
    assertThat(sent).isPositive();
  }

  @Test
  void everyPageCarriesTheSecurityHeadersAndNoChangeHappensOnGet() {
    var login = server.request("GET", "/login.xhtml", null, null, null);
    assertThat(login.headers().firstValue("Content-Security-Policy").orElse(""))
        .contains("frame-ancestors 'none'")
        .contains("script-src 'self'");
    assertThat(login.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
    assertThat(login.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
    String me = newUser();
    long id = server.importMessage(me, null, msg("Subject: Get me", "body"));
    browser.go("/mail/");
    @SuppressWarnings("unchecked")
    List<Object> answers =
        (List<Object>)
            ((JavascriptExecutor) browser.driver())
                .executeAsyncScript(
                    "var done = arguments[arguments.length - 1];"
                        + "Promise.all([fetch('/mail/act?action=delete&id="
                        + id
                        + "'), fetch('/mail/'), fetch('/mail/counts')]).then(function (r) {"
                        + " return r[2].text().then(function (t) { done([r[0].status,"
                        + " r[1].headers.get('content-security-policy'), t]); }); });");
    assertThat(answers.get(0)).isEqualTo(405L);
    assertThat((String) answers.get(1)).contains("frame-ancestors 'none'");
    assertThat((String) answers.get(2)).contains("\"name\":\"Inbox\",\"unread\":1,\"total\":1");
    // a POST without the page's token changes nothing either
    Object status =
        ((JavascriptExecutor) browser.driver())
            .executeAsyncScript(
                "var done = arguments[arguments.length - 1];"
                    + "fetch('/mail/act', {method: 'POST', headers: {'Content-Type':"
                    + " 'application/x-www-form-urlencoded'}, body: 'action=delete&id="
                    + id
                    + "'}).then(function (r) { done(r.status); });");
    assertThat(status).isEqualTo(403L);
    browser.go("/mail/");
    assertThat(browser.exists("tr[data-id='" + id + "']")).isTrue();
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  static Duration seconds(int s) {
    return Duration.ofSeconds(s);
  }
}
