package org.postroom.testsupport;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.TestWatcher;

/** Keeps a screenshot and the page source of every failed browser test under target/screenshots. */
public final class BrowserFailures implements TestWatcher {
  private final Supplier<Browser> browser;

  public BrowserFailures(Supplier<Browser> browser) {
    this.browser = browser;
  }

  @Override
  public void testFailed(ExtensionContext context, Throwable cause) {
    Browser b = browser.get();
    if (b == null) {
      return;
    }
    String name =
        "FAILED-"
            + context.getRequiredTestClass().getSimpleName()
            + "-"
            + context.getRequiredTestMethod().getName();
    try {
      b.screenshot(name);
      Files.writeString(
          Path.of("target", "screenshots", name + ".html"),
          b.path() + "\n" + b.driver().getPageSource());
    } catch (RuntimeException | IOException e) {
      // the browser itself may be what failed
    }
  }
}
