package org.postroom.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.postroom.testsupport.Browser;
import org.postroom.testsupport.BrowserFailures;
import org.postroom.testsupport.PostroomServer;
import org.postroom.testsupport.Webmail;

/**
 * A message held for undo lives in the database, not in the browser or the process: the tab is
 * closed and the server killed (kill -9) while it waits, and after the restart it is delivered,
 * exactly once.
 */
class SendingRestartIT {
  static final String PASSWORD = "restart-password-1";
  static PostroomServer server;
  static Browser browser;

  @RegisterExtension final BrowserFailures failures = new BrowserFailures(() -> browser);

  @BeforeAll
  static void start() {
    server = PostroomServer.builder("sending-restart").start();
    browser = Browser.open(server.baseUrl());
  }

  @AfterAll
  static void stop() {
    if (browser != null) {
      browser.close();
    }
    if (server != null) {
      server.stop();
    }
  }

  long inboxRows(String subject) {
    browser.go("/mail/");
    return Webmail.rowsWith(browser, subject);
  }

  @Test
  void aHeldMessageSurvivesAKilledServerAndIsDeliveredOnce() {
    String ann = "ann@" + PostroomServer.DOMAIN;
    String bob = "bob@" + PostroomServer.DOMAIN;
    server.createUser(ann, PASSWORD, "Ann");
    server.createUser(bob, PASSWORD, "Bob");
    Webmail.signIn(browser, ann, PASSWORD);
    browser.go("/settings/");
    browser.type("#sending\\:undoSeconds", "15");
    browser.submit("#sending\\:save-sending");

    browser.go("/mail/compose.xhtml");
    browser.waitUntil(d -> browser.find("#editor").isDisplayed());
    browser.type("#to", bob);
    browser.type("#subject", "Survives a crash");
    browser.find("#editor").click();
    browser.find("#editor").sendKeys("Held while the server dies.");
    browser.submit("#send");
    assertThat(browser.text("form.undo-bar")).contains("Survives a crash");
    browser.go("/login.xhtml"); // the tab leaves the page
    server.kill();
    server.startAgain();

    Webmail.signIn(browser, bob, PASSWORD);
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (inboxRows("Survives a crash") == 0 && System.nanoTime() < deadline) {
      sleep(1000);
    }
    assertThat(inboxRows("Survives a crash")).isEqualTo(1);
    sleep(3000); // a second release would have happened by now
    assertThat(inboxRows("Survives a crash")).isEqualTo(1);
  }

  static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
