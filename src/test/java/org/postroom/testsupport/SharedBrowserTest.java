package org.postroom.testsupport;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Base of the browser tests: the shared Postroom server (one Payara Micro for all of them), one
 * headless Chromium per test class, a fresh session (no cookies) before each test, and a screenshot
 * and the page source of each failure under target/screenshots. Test classes run one after the
 * other in the failsafe JVM, so the one browser field serves them in turn.
 */
public abstract class SharedBrowserTest {
  protected static PostroomServer server;
  protected static Browser browser;

  @RegisterExtension protected final BrowserFailures failures = new BrowserFailures(() -> browser);

  @BeforeAll
  protected static void openBrowser() {
    server = PostroomServer.shared();
    browser = Browser.open(server.baseUrl());
  }

  @AfterAll
  protected static void closeBrowser() {
    if (browser != null) {
      browser.close();
      browser = null;
    }
  }

  @BeforeEach
  protected void freshSession() {
    browser.go("/login.xhtml");
    browser.driver().manage().deleteAllCookies();
  }
}
