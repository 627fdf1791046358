package org.postroom.testsupport;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

/**
 * Real headless Chromium (Debian's package) driven by Selenium, with the flags a root sandbox and a
 * closed network need and a fresh profile per browser. Pages are addressed relative to a server.
 */
public final class Browser implements AutoCloseable {
  private final WebDriver driver;
  private final Path profile;
  private final String baseUrl;

  private Browser(WebDriver driver, Path profile, String baseUrl) {
    this.driver = driver;
    this.profile = profile;
    this.baseUrl = baseUrl;
  }

  public static Browser open(String baseUrl) {
    try {
      Path profile = Files.createTempDirectory("postroom-chromium-");
      ChromeOptions options = new ChromeOptions();
      options.setBinary(find("/usr/bin/chromium", "CHROMIUM_BIN"));
      options.addArguments(
          "--headless",
          "--no-sandbox",
          "--disable-gpu",
          "--disable-quic",
          "--no-first-run",
          "--disable-background-networking",
          "--disable-component-update",
          "--disable-sync",
          "--disable-dev-shm-usage",
          "--user-data-dir=" + profile,
          "--window-size=1280,900");
      ChromeDriverService service =
          new ChromeDriverService.Builder()
              .usingDriverExecutable(new File(find("/usr/bin/chromedriver", "CHROMEDRIVER_BIN")))
              .usingAnyFreePort()
              .build();
      WebDriver d = new ChromeDriver(service, options);
      d.manage().timeouts().pageLoadTimeout(Duration.ofSeconds(60));
      return new Browser(d, profile, baseUrl);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String find(String path, String env) {
    String override = System.getenv(env);
    return override != null ? override : path;
  }

  public WebDriver driver() {
    return driver;
  }

  public Browser go(String path) {
    driver.get(baseUrl + path);
    return this;
  }

  public String path() {
    String url = driver.getCurrentUrl();
    return url.startsWith(baseUrl) ? url.substring(baseUrl.length()) : url;
  }

  public WebElement find(String css) {
    return driver.findElement(By.cssSelector(css));
  }

  public List<WebElement> all(String css) {
    return driver.findElements(By.cssSelector(css));
  }

  public boolean exists(String css) {
    return !all(css).isEmpty();
  }

  public String text(String css) {
    return find(css).getText();
  }

  public Browser type(String css, String text) {
    WebElement e = find(css);
    e.clear();
    e.sendKeys(text);
    return this;
  }

  /** Clicks and waits for the next page to load. */
  public Browser submit(String css) {
    WebElement e = find(css);
    e.click();
    return awaitNextPage(e);
  }

  /** Waits until the page that held this element has been replaced and the next one has loaded. */
  public Browser awaitNextPage(WebElement old) {
    new WebDriverWait(driver, Duration.ofSeconds(30))
        .until(d -> isStale(old) && "complete".equals(js("return document.readyState")));
    return this;
  }

  public Object js(String script, Object... args) {
    return ((org.openqa.selenium.JavascriptExecutor) driver).executeScript(script, args);
  }

  public <T> T waitUntil(Function<WebDriver, T> condition) {
    return waitUntil(Duration.ofSeconds(30), condition);
  }

  /**
   * Waits for a condition, reading it again when the page (or a live update of part of it) replaced
   * an element while the condition read it.
   */
  public <T> T waitUntil(Duration timeout, Function<WebDriver, T> condition) {
    return new WebDriverWait(driver, timeout)
        .ignoring(org.openqa.selenium.StaleElementReferenceException.class)
        .until(condition::apply);
  }

  public Browser resize(int width, int height) {
    driver.manage().window().setSize(new Dimension(width, height));
    return this;
  }

  /** Saves a screenshot under target/screenshots for a human to look at. */
  public Path screenshot(String name) {
    try {
      Path dir = Path.of("target", "screenshots");
      Files.createDirectories(dir);
      Path file = dir.resolve(name + ".png");
      Files.write(file, ((TakesScreenshot) driver).getScreenshotAs(OutputType.BYTES));
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static boolean isStale(WebElement e) {
    try {
      e.isEnabled();
      return false;
    } catch (org.openqa.selenium.StaleElementReferenceException gone) {
      return true;
    } catch (org.openqa.selenium.WebDriverException navigating) {
      // while the next page replaces the document Chrome may answer "Node with given id does not
      // belong to the document" instead of a stale reference: the element is gone all the same
      if (String.valueOf(navigating.getMessage()).contains("does not belong to the document")) {
        return true;
      }
      throw navigating;
    }
  }

  @Override
  public void close() {
    try {
      driver.quit();
    } finally {
      Processes.run(List.of("rm", "-rf", profile.toString()), 60);
    }
  }
}
