package org.postroom.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.postroom.testsupport.Browser;
import org.postroom.testsupport.BrowserFailures;
import org.postroom.testsupport.DnsmasqRecords;
import org.postroom.testsupport.IndependentDkimVerifier;
import org.postroom.testsupport.Peers;
import org.postroom.testsupport.PostfixPeer;
import org.postroom.testsupport.PostroomServer;
import org.postroom.testsupport.Swaks;

/**
 * DKIM, SPF and DMARC with real peers on loopback: mail a user submits leaves through the relay
 * signed, and Postfix's copy verifies with an independent verifier (python3-dkim) against the key
 * published in dnsmasq; mail a real Postfix relays into the MX is refused, put in Junk or marked as
 * its sender's DMARC policy says, a forged From of our own domain is refused, and the webmail shows
 * the verified / not verified mark.
 */
class SenderAuthenticationIT {
  static final String ALICE = "alice.auth@example.test";
  static final String BOB = "bob.auth@example.test";
  static final String PASSWORD = "auth-password-1";
  static Peers peers;
  static PostfixPeer postfix;
  static PostroomServer server;
  static Browser browser;

  @BeforeAll
  static void start() {
    PostroomServer.Builder b = PostroomServer.builder("auth");
    peers = b.startPeers("auth");
    postfix = peers.postfix();
    server = b.start();
    server.createUser(ALICE, PASSWORD, "Alice");
    server.createUser(BOB, PASSWORD, "Bob");
    // what the admin publishes (the setup page's zone snippet), and the foreign domains' records
    String zone = server.asAdmin("GET", "/api/admin/dns/zone", null).body();
    List<String> records = new ArrayList<>(Peers.standardRecords(PostroomServer.DOMAIN));
    DnsmasqRecords.fromZoneFile(zone, false).stream()
        .filter(l -> l.startsWith("txt-record="))
        .forEach(records::add);
    records.add(DnsmasqRecords.txt("_dmarc.remote.test", "v=DMARC1; p=reject"));
    for (String[] d :
        new String[][] {{"dmarcreject.test", "reject"}, {"dmarcquarantine.test", "quarantine"}}) {
      records.add(DnsmasqRecords.txt(d[0], "v=spf1 ip4:127.0.0.99 -all"));
      records.add(DnsmasqRecords.txt("_dmarc." + d[0], "v=DMARC1; p=" + d[1]));
    }
    records.add(DnsmasqRecords.txt("spfonly.test", "v=spf1 ip4:127.0.0.99 -all"));
    peers.dns().setRecords(records);
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
    if (peers != null) {
      peers.close();
    }
  }

  @RegisterExtension final BrowserFailures failures = new BrowserFailures(() -> browser);

  /** Sends through the Postfix peer, which relays mail for our domain into Postroom's MX. */
  static String viaPostfix(String from, String headerFrom, String subject, String... extraHeaders) {
    List<String> args =
        new ArrayList<>(
            List.of(
                "--server",
                Peers.PEER_IP,
                "--port",
                String.valueOf(postfix.injectPort()),
                "--helo",
                "client.remote.test",
                "--from",
                from,
                "--to",
                BOB,
                "--header",
                "From: " + headerFrom,
                "--header",
                "Subject: " + subject,
                "--body",
                "Hello Bob, this is " + subject));
    for (String h : extraHeaders) {
      args.add("--add-header");
      args.add(h);
    }
    return Swaks.postfixQueueId(Swaks.send(args.toArray(new String[0])));
  }

  /** Waits (bounded) for Postfix's final word on relaying a message to Postroom. */
  static String relayResult(String queueId) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      for (String line : postfix.log().split("\n")) {
        if (line.contains(queueId + ": to=<" + BOB + ">") && line.contains("status=")) {
          return line;
        }
      }
      sleep(200);
    }
    throw new AssertionError("Postfix did not relay " + queueId + ":\n" + postfix.log());
  }

  static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  void signInAsBob() {
    browser.go("/login.xhtml");
    browser.driver().manage().deleteAllCookies();
    browser.go("/login.xhtml");
    browser.type("#login\\:address", BOB).type("#login\\:password", PASSWORD);
    browser.submit("#login\\:submit");
  }

  /** Opens the message with this subject in the named folder and returns the mark's text. */
  String openAndReadMark(String folderName, String subject) {
    signInAsBob();
    browser
        .driver()
        .findElement(
            By.xpath(
                "//a[@class='folder-link'][span[@class='folder-name' and normalize-space()='"
                    + folderName
                    + "']]"))
        .click();
    browser.waitUntil(d -> d.getPageSource().contains(subject));
    browser.driver().findElement(By.partialLinkText(subject)).click();
    browser.waitUntil(d -> !d.findElements(By.id("subject")).isEmpty());
    assertThat(browser.text("#subject")).isEqualTo(subject);
    return browser.text("#auth-mark");
  }

  @Test
  void submittedMailIsSignedAndPostfixsCopyVerifiesIndependently() {
    String transcript =
        Swaks.send(
            "--server",
            "127.0.0.1",
            "--port",
            String.valueOf(server.submissionPort()),
            "--tls",
            "--auth",
            "PLAIN",
            "--auth-user",
            ALICE,
            "--auth-password",
            PASSWORD,
            "--helo",
            "laptop.example.test",
            "--from",
            ALICE,
            "--to",
            "carol@remote.test",
            "--header",
            "Subject: signed by postroom",
            "--body",
            "A line with  trailing spaces   \nand another");
    assertThat(transcript).contains("250 ");
    String delivered =
        postfix.awaitMessage("carol@remote.test", m -> m.contains("signed by postroom"), 90);
    assertThat(delivered)
        .contains("DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d=example.test;");
    byte[] bytes = delivered.getBytes(StandardCharsets.ISO_8859_1);
    assertThat(IndependentDkimVerifier.verify(bytes, peers.dns())).isEqualTo("pass");
    // the check is real: one changed byte in the body fails it
    byte[] tampered = delivered.replace("another", "Another").getBytes(StandardCharsets.ISO_8859_1);
    assertThat(IndependentDkimVerifier.verify(tampered, peers.dns())).startsWith("fail");
  }

  @Test
  void authenticatedMailArrivesMarkedVerifiedWithForgedResultsRemoved() {
    String id =
        viaPostfix(
            "dave@remote.test",
            "Dave <dave@remote.test>",
            "verified hello",
            "Authentication-Results: mail.example.test; dmarc=pass header.from=evil.test");
    assertThat(relayResult(id)).contains("status=sent");
    assertThat(openAndReadMark("Inbox", "verified hello")).isEqualTo("Verified sender");
    assertThat(browser.find("#auth-mark").getAttribute("title"))
        .isEqualTo("SPF pass, DKIM none, DMARC pass for remote.test");
  }

  @Test
  void aDomainWhosePolicyIsRejectGetsItsFailingMailRefused() {
    String id = viaPostfix("eve@dmarcreject.test", "eve@dmarcreject.test", "should be refused");
    assertThat(relayResult(id))
        .contains("status=bounced")
        .contains("550 5.7.1 Rejected by the DMARC policy of dmarcreject.test");
  }

  @Test
  void aDomainWhosePolicyIsQuarantineGetsItsFailingMailIntoJunk() {
    String id = viaPostfix("eve@dmarcquarantine.test", "eve@dmarcquarantine.test", "goes to junk");
    assertThat(relayResult(id)).contains("status=sent");
    assertThat(openAndReadMark("Junk", "goes to junk")).isEqualTo("Not verified");
    assertThat(browser.find("#auth-mark").getAttribute("title")).contains("SPF fail", "DMARC fail");
  }

  @Test
  void spfFailWithoutADmarcPolicyIsDeliveredButNotVerified() {
    String id = viaPostfix("frank@spfonly.test", "frank@spfonly.test", "spf says no");
    assertThat(relayResult(id)).contains("status=sent");
    assertThat(openAndReadMark("Inbox", "spf says no")).isEqualTo("Not verified");
    assertThat(browser.find("#auth-mark").getAttribute("title")).contains("SPF fail", "DMARC none");
  }

  @Test
  void aSpoofedFromOfOurOwnDomainFromOutsideIsRefused() {
    String id = viaPostfix("someone@remote.test", "The CEO <ceo@example.test>", "wire the money");
    assertThat(relayResult(id))
        .contains("status=bounced")
        .contains("550 5.7.1 Mail from example.test must come through its own server");
  }
}
