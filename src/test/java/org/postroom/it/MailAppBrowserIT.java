package org.postroom.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.openqa.selenium.support.ui.Select;
import org.postroom.testsupport.SharedBrowserTest;
import org.postroom.testsupport.Webmail;

/**
 * The webmail as a mail app (issue 12, parts 2 and 3) in Chromium against the shipped jar: the
 * reading pane, j/k, drag and drop, shift-click, select all in the folder, Undo, conversations
 * acting whole, Sent showing recipients, dates and languages, dark mode, the quota bar.
 */
class MailAppBrowserIT extends SharedBrowserTest {
  static final DateTimeFormatter RFC_5322 =
      DateTimeFormatter.ofPattern("EEE, d MMM yyyy HH:mm:ss Z", Locale.ENGLISH);

  String signedInUser(String local) {
    String address = local + "@example.test";
    server.createUser(address, local + "-password-1", local);
    Webmail.signIn(browser, address, local + "-password-1");
    return address;
  }

  long put(String to, String folder, String subject, ZonedDateTime date, String extraHeaders) {
    return server.importMessage(
        to,
        folder,
        "From: Ann Sender <ann@remote.test>\r\nTo: "
            + to
            + "\r\nSubject: "
            + subject
            + "\r\nDate: "
            + RFC_5322.format(date)
            + "\r\nMessage-ID: <"
            + subject.replaceAll("\\W", "")
            + "-"
            + date.toEpochSecond()
            + "@remote.test>\r\n"
            + extraHeaders
            + "\r\nHello about "
            + subject
            + ".\r\n");
  }

  ZonedDateTime hoursAgo(int h) {
    return ZonedDateTime.now(ZoneOffset.UTC).minusHours(h).withNano(0);
  }

  /** The list's subjects, read in one go (live updates replace rows while a test looks). */
  @SuppressWarnings("unchecked")
  List<String> subjects() {
    return (List<String>)
        browser.js(
            "return [...document.querySelectorAll('#messages tr.row .subject-text')]"
                + ".map(e => e.textContent.trim())");
  }

  void setPageSize(int n) {
    browser.go("/settings/");
    browser.type("#mail\\:pageSize", String.valueOf(n));
    browser.submit("#mail\\:save-mail");
  }

  @Test
  void aConversationRowMovesWholeAndUndoPutsItBack() {
    String me = signedInUser("conv.mover");
    String root = "<falcon-0@remote.test>";
    for (int i = 0; i < 8; i++) {
      server.importMessage(
          me,
          null,
          "From: Team <team@remote.test>\r\nTo: "
              + me
              + "\r\nSubject: "
              + (i == 0 ? "" : "Re: ")
              + "Project Falcon timeline\r\nDate: "
              + RFC_5322.format(hoursAgo(20 - i))
              + "\r\nMessage-ID: <falcon-"
              + i
              + "@remote.test>\r\n"
              + (i == 0 ? "" : "In-Reply-To: " + root + "\r\nReferences: " + root + "\r\n")
              + "\r\nMessage "
              + i
              + "\r\n");
    }
    browser.go("/mail/");
    assertThat(browser.all("#messages tr.row")).hasSize(1);
    assertThat(browser.text("#messages tr.row .count")).isEqualTo("8");
    browser.find("#messages tr.row input[name=id]").click();
    browser.submit("#do-archive");
    assertThat(browser.text("#notice")).isEqualTo("8 messages moved to Archive.");
    assertThat(browser.exists("#messages tr.row")).isFalse();

    browser.submit("#undo-move");
    assertThat(browser.text("#notice")).isEqualTo("8 messages were put back.");
    assertThat(browser.text("#messages tr.row .count")).isEqualTo("8");
  }

  @Test
  void spamGoesToJunkAndNotSpamBringsItBackToTheInbox() {
    String me = signedInUser("spam.marker");
    put(me, null, "Cheap watches today", hoursAgo(2), "");
    browser.go("/mail/");
    assertThat(browser.exists("#do-notjunk")).as("no Not spam outside Junk").isFalse();
    browser.find("#messages tr.row input[name=id]").click();
    browser.submit("#do-junk");
    assertThat(browser.text("#notice")).isEqualTo("1 message moved to Junk.");
    assertThat(subjects()).doesNotContain("Cheap watches today");

    browser.go("/mail/?folder=" + browser.find("li[data-role=JUNK]").getAttribute("data-folder"));
    assertThat(subjects()).containsExactly("Cheap watches today");
    assertThat(browser.exists("#do-junk")).as("no Mark as spam in Junk").isFalse();
    browser.find("#messages tr.row input[name=id]").click();
    browser.submit("#do-notjunk");
    assertThat(browser.text("#notice"))
        .isEqualTo("1 message marked as not spam and moved to Inbox.");
    assertThat(subjects()).isEmpty();
    browser.go("/mail/");
    assertThat(subjects()).containsExactly("Cheap watches today");
  }

  @Test
  void shiftClickTicksARangeAndSelectAllReachesEveryMessageOfTheFolder() {
    String me = signedInUser("range.picker");
    for (int i = 0; i < 25; i++) {
      put(me, null, "Note " + i, hoursAgo(30 - i), "");
    }
    setPageSize(10);
    browser.go("/mail/");
    List<WebElement> boxes = browser.all("#messages tr.row input[name=id]");
    assertThat(boxes).hasSize(10);
    boxes.get(1).click();
    new Actions(browser.driver())
        .keyDown(Keys.SHIFT)
        .click(boxes.get(4))
        .keyUp(Keys.SHIFT)
        .perform();
    for (int i = 0; i < boxes.size(); i++) {
      assertThat(boxes.get(i).isSelected()).as("box " + i).isEqualTo(i >= 1 && i <= 4);
    }

    browser.find("#select-all").click();
    WebElement banner = browser.find("#select-all-banner");
    browser.waitUntil(d -> banner.isDisplayed());
    assertThat(banner.getText()).contains("All 10 messages on this page are selected.");
    browser.find("#select-whole-folder").click();
    assertThat(banner.getText()).contains("25");
    browser.submit("#do-archive");
    assertThat(browser.text("#notice")).isEqualTo("25 messages moved to Archive.");
    assertThat(browser.exists("#messages tr.row")).isFalse();
    browser.submit("#undo-move");
    assertThat(browser.text("#notice")).isEqualTo("25 messages were put back.");
    assertThat(browser.all("#messages tr.row")).hasSize(10);
  }

  @Test
  void aRowDraggedOntoAFolderMovesThereAndDeleteOffersUndo() {
    String me = signedInUser("drag.dropper");
    put(me, null, "Drag me", hoursAgo(2), "");
    put(me, null, "Stay here", hoursAgo(3), "");
    browser.go("/mail/");
    WebElement row = rowWith("Drag me");
    WebElement archive = browser.find("#folders [data-folder-name='Archive']");
    // HTML5 drag and drop as the browser dispatches it (WebDriver cannot drive native DnD)
    WebElement old = browser.find("body");
    browser.js(
        "var dt = new DataTransfer(); var row = arguments[0], to = arguments[1];"
            + "row.dispatchEvent(new DragEvent('dragstart', {bubbles: true, dataTransfer: dt}));"
            + "to.dispatchEvent(new DragEvent('dragover', {bubbles: true, cancelable: true, dataTransfer: dt}));"
            + "to.dispatchEvent(new DragEvent('drop', {bubbles: true, cancelable: true, dataTransfer: dt}));",
        row,
        archive);
    browser.awaitNextPage(old);
    assertThat(browser.text("#notice")).isEqualTo("1 message moved to Archive.");
    assertThat(subjects()).containsExactly("Stay here");

    rowWith("Stay here").findElement(By.cssSelector("input[name=id]")).click();
    browser.submit("#do-delete");
    assertThat(browser.text("#notice")).isEqualTo("1 message moved to Trash.");
    assertThat(browser.exists("#undo-move")).isTrue();
    browser.submit("#undo-move");
    assertThat(subjects()).containsExactly("Stay here");
  }

  @Test
  void anOpenMessageGoesToTheNextWithJAndK() {
    String me = signedInUser("jk.reader");
    put(me, null, "Newest", hoursAgo(1), "");
    put(me, null, "Middle", hoursAgo(2), "");
    put(me, null, "Oldest", hoursAgo(3), "");
    browser.go("/mail/");
    WebElement old = browser.find("body");
    rowWith("Middle").findElement(By.cssSelector("a.open")).click();
    browser.awaitNextPage(old);
    assertThat(browser.text("#subject")).isEqualTo("Middle");
    old = browser.find("body");
    browser.find("body").sendKeys("j");
    browser.awaitNextPage(old);
    assertThat(browser.text("#subject")).isEqualTo("Oldest");
    assertThat(browser.exists("#older-message")).isFalse();
    old = browser.find("body");
    browser.find("body").sendKeys("k");
    browser.awaitNextPage(old);
    assertThat(browser.text("#subject")).isEqualTo("Middle");
    old = browser.find("body");
    browser.find("#newer").click();
    browser.awaitNextPage(old);
    assertThat(browser.text("#subject")).isEqualTo("Newest");
  }

  @Test
  void theReadingPaneShowsTheMessageBesideTheListAndFollowsJAndK() {
    String me = signedInUser("pane.reader");
    put(me, null, "First in pane", hoursAgo(1), "");
    put(me, null, "Second in pane", hoursAgo(2), "");
    browser.go("/settings/");
    browser.find("#display\\:readingPane").click();
    browser.submit("#display\\:save-display");
    browser.resize(1440, 900);
    try {
      browser.go("/mail/");
      WebElement pane = browser.find("#pane");
      assertThat(pane.isDisplayed()).isTrue();
      rowWith("First in pane").findElement(By.cssSelector("a.open")).click();
      browser.waitUntil(d -> String.valueOf(pane.getAttribute("src")).contains("pane=1"));
      assertThat(browser.path()).startsWith("/mail/"); // the list stays
      assertThat(paneText("#subject")).isEqualTo("First in pane");
      assertThat(paneCount(".topbar")).as("no top bar inside the pane").isZero();
      browser.find("body").sendKeys("j");
      browser.waitUntil(d -> "Second in pane".equals(paneText("#subject")));
      // archived from the pane: the pane moves on and the list updates itself
      browser.driver().switchTo().frame(pane);
      try {
        WebElement old = browser.find("body");
        browser.find("#do-archive").click();
        browser.awaitNextPage(old);
      } finally {
        browser.driver().switchTo().defaultContent();
      }
      browser.waitUntil(Duration.ofSeconds(10), d -> !subjects().contains("Second in pane"));
      assertThat(subjects()).containsExactly("First in pane");
      browser.screenshot("reading-pane");
    } finally {
      browser.resize(1280, 900);
    }
    // on a phone the pane is off: rows open as pages
    browser.resize(390, 844);
    try {
      browser.go("/mail/");
      assertThat(browser.find("#pane").isDisplayed()).isFalse();
      WebElement old = browser.find("body");
      rowWith("First in pane").findElement(By.cssSelector("a.open")).click();
      browser.awaitNextPage(old);
      assertThat(browser.path()).startsWith("/mail/message.xhtml");
    } finally {
      browser.resize(1280, 900);
    }
  }

  String paneText(String css) {
    browser.driver().switchTo().frame(browser.find("#pane"));
    try {
      return browser.exists(css) ? browser.text(css) : null;
    } finally {
      browser.driver().switchTo().defaultContent();
    }
  }

  int paneCount(String css) {
    browser.driver().switchTo().frame(browser.find("#pane"));
    try {
      return browser.all(css).size();
    } finally {
      browser.driver().switchTo().defaultContent();
    }
  }

  @Test
  void theListShowsTimesForTodayDatesBeforeRecipientsInSentAndTheQuota() {
    String me = signedInUser("dates.reader");
    ZonedDateTime today = ZonedDateTime.now(ZoneOffset.UTC).withNano(0).minusMinutes(5);
    put(me, null, "From today", today, "");
    put(me, null, "From last year", today.minusYears(1), "");
    server.importMessage(
        me,
        "Sent",
        "From: "
            + me
            + "\r\nTo: Bob Builder <bob@remote.test>, carol@remote.test\r\nSubject: My report\r\n"
            + "Date: "
            + RFC_5322.format(today)
            + "\r\n\r\nAttached.\r\n");
    browser.go("/mail/");
    String todayCell = rowWith("From today").findElement(By.cssSelector("td.date")).getText();
    // Java 21+ (CLDR 42) puts a narrow no-break space before AM/PM
    assertThat(todayCell).matches("\\d{1,2}:\\d{2}([ \\u202f][AP]M)?");
    String lastYear = rowWith("From last year").findElement(By.cssSelector("td.date")).getText();
    assertThat(lastYear).contains(String.valueOf(today.minusYears(1).getYear() % 100));
    assertThat(browser.exists("#quota .quota-text")).isTrue();
    assertThat(browser.text("#quota .quota-text")).contains("used");

    for (WebElement a : browser.all("#folders a")) {
      if (a.getText().startsWith("Sent")) {
        WebElement old = browser.find("body");
        a.click();
        browser.awaitNextPage(old);
        break;
      }
    }
    assertThat(rowWith("My report").findElement(By.cssSelector("td.from")).getText())
        .isEqualTo("To: Bob Builder, carol@remote.test");
    assertThat(browser.text("#messages thead")).contains("To");
  }

  @Test
  void germanAndDarkModeAreChosenInSettingsAndTheBrowsersLanguageIsTheDefault() throws Exception {
    HttpResponse<String> login =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(server.baseUrl() + "/login.xhtml"))
                    .header("Accept-Language", "de-DE,de;q=0.9,en;q=0.5")
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(login.body()).contains("lang=\"de\"").contains("Anmelden");

    String me = signedInUser("german.reader");
    put(me, null, "Termin", ZonedDateTime.of(2025, 3, 4, 9, 30, 0, 0, ZoneOffset.UTC), "");
    browser.go("/settings/");
    new Select(browser.find("#display\\:language")).selectByValue("de");
    new Select(browser.find("#display\\:timeZone")).selectByValue("Asia/Tokyo");
    browser.find("#display\\:theme\\:2").click(); // dark
    browser.submit("#display\\:save-display");
    assertThat(browser.find("html").getAttribute("lang")).isEqualTo("de");
    assertThat(browser.text("#notices")).contains("Ihre Anzeigeeinstellungen sind gespeichert.");
    assertThat(browser.find("html").getAttribute("data-theme")).isEqualTo("dark");
    String background =
        (String) browser.js("return getComputedStyle(document.body).backgroundColor");
    assertThat(luminance(background)).as("a dark page").isLessThan(0.2);

    browser.go("/mail/");
    assertThat(browser.text("#folders")).contains("Posteingang", "Gesendet", "Papierkorb");
    assertThat(browser.find("#do-archive").getAttribute("title")).startsWith("Archivieren");
    WebElement old = browser.find("body");
    rowWith("Termin").findElement(By.cssSelector("a.open")).click();
    browser.awaitNextPage(old);
    // 09:30 UTC is 18:30 in Tokyo, written the German way
    assertThat(browser.text("#h-date")).contains("04.03.2025").contains("18:30");
    browser.find("#reply").click();
    browser.waitUntil(d -> browser.path().startsWith("/mail/compose.xhtml"));
    assertThat(browser.text("#editor"))
        .contains("Am Di., 4. März 2025 um 18:30 schrieb Ann Sender:");
    browser.screenshot("german-dark-compose");
  }

  static double luminance(String rgb) {
    String[] p = rgb.replaceAll("[^0-9,.]", "").split(",");
    return (0.2126 * Double.parseDouble(p[0])
            + 0.7152 * Double.parseDouble(p[1])
            + 0.0722 * Double.parseDouble(p[2]))
        / 255;
  }

  @Test
  void aPhoneListHasTwoOrThreeLineRowsAndAMessageShowsItsTextInTheFirstScreen() {
    String me = signedInUser("phone.reader");
    put(
        me,
        null,
        "A subject long enough to need the whole width of a phone screen and more",
        hoursAgo(1),
        "");
    browser.resize(390, 844);
    try {
      browser.go("/mail/");
      WebElement row = browser.find("#messages tr.row");
      assertThat(row.getRect().getHeight()).as("two or three clean lines").isLessThan(80);
      assertThat((Long) browser.js("return document.documentElement.scrollWidth"))
          .isLessThanOrEqualTo(390);
      WebElement old = browser.find("body");
      row.findElement(By.cssSelector("a.open")).click();
      browser.awaitNextPage(old);
      long bodyTop =
          ((Number)
                  browser.js(
                      "return document.getElementById('body-text').getBoundingClientRect().top"))
              .longValue();
      assertThat(bodyTop).as("the text starts in the first screen").isLessThan(844 - 100);
    } finally {
      browser.resize(1280, 900);
    }
  }

  WebElement rowWith(String subject) {
    for (WebElement r : browser.all("#messages tr.row")) {
      if (r.findElement(By.cssSelector(".subject-text")).getText().equals(subject)) {
        return r;
      }
    }
    throw new AssertionError("no row " + subject + " in " + subjects());
  }
}
