package org.postroom.testsupport;

import java.util.List;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

/** Steps of the webmail that browser tests share. */
public final class Webmail {
  private Webmail() {}

  /** Signs in with a clean session and checks the sign-in page was left. */
  public static void signIn(Browser browser, String address, String password) {
    browser.go("/login.xhtml");
    browser.driver().manage().deleteAllCookies();
    browser.go("/login.xhtml");
    browser.waitUntil(d -> "complete".equals(browser.js("return document.readyState")));
    browser.type("#login\\:address", address).type("#login\\:password", password);
    browser.submit("#login\\:submit");
    if (browser.path().startsWith("/login")) {
      throw new AssertionError("sign-in as " + address + " failed");
    }
  }

  /** The subjects of the message list on the open page, top to bottom. */
  public static List<String> subjects(Browser browser) {
    return browser.all("tr.row").stream()
        .map(r -> r.findElement(By.cssSelector(".subject-text")).getText())
        .toList();
  }

  /** How many rows of the open list have a subject containing the text. */
  public static long rowsWith(Browser browser, String subject) {
    return subjects(browser).stream().filter(s -> s.contains(subject)).count();
  }

  /** The row of the open list whose subject contains the text, or null. */
  public static WebElement row(Browser browser, String subject) {
    for (WebElement r : browser.all("tr.row")) {
      if (r.findElement(By.cssSelector(".subject-text")).getText().contains(subject)) {
        return r;
      }
    }
    return null;
  }
}
