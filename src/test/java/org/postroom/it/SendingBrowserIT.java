package org.postroom.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Point;
import org.openqa.selenium.WebElement;
import org.postroom.testsupport.PostfixPeer;
import org.postroom.testsupport.PostroomServer;
import org.postroom.testsupport.SharedBrowserTest;
import org.postroom.testsupport.Webmail;

/**
 * Writing mail in real Chromium against the shipped jar, with Postfix on loopback as the foreign
 * server: compose with an attachment to a local user who opens it, reply all, forward inline and as
 * attachment, autosaved drafts resumed, undo send, send later, refused fields, and delivery status
 * turning "delivered to <host>" or "bounced" (with the bounce in the Inbox) without a reload.
 */
class SendingBrowserIT extends SharedBrowserTest {
  static final String PASSWORD = "sending-password-1";
  static final AtomicInteger USERS = new AtomicInteger();
  static PostfixPeer postfix;

  @BeforeAll
  static void start() {
    postfix = PostroomServer.sharedPeers().postfix();
    // a short default undo delay keeps the flows quick; the undo test sets its own
    server.setSetting("postroom.webmail.undo-send", "1s");
  }

  static String newAddress(String who) {
    return who + USERS.incrementAndGet() + "-" + System.nanoTime() % 100000 + "@example.test";
  }

  String newUser(String who, String name) {
    String address = newAddress(who);
    server.createUser(address, PASSWORD, name);
    return address;
  }

  void signIn(String address) {
    Webmail.signIn(browser, address, PASSWORD);
  }

  void compose() {
    browser.go("/mail/compose.xhtml");
    browser.waitUntil(d -> browser.find("#editor").isDisplayed());
  }

  void typeBody(String text) {
    WebElement editor = browser.find("#editor");
    editor.click();
    editor.sendKeys(text);
  }

  void awaitSaved() {
    browser.waitUntil(d -> browser.text("#save-state").startsWith("Draft saved"));
  }

  /** Clicks Send and waits until the held message has left (the undo bar says so). */
  void sendAndAwaitRelease() {
    browser.submit("#send");
    assertThat(browser.path()).startsWith("/mail/");
    browser.waitUntil(
        d ->
            browser.all("form.undo-bar").isEmpty()
                || browser.text("form.undo-bar .undo-text").contains("Message sent"));
  }

  void openFolder(String name) {
    browser.go("/mail/");
    for (WebElement a : browser.all("#folders a.folder-link")) {
      if (a.findElement(By.cssSelector(".folder-name")).getText().equals(name)) {
        browser.go(a.getAttribute("href").replaceFirst("^https?://[^/]+", ""));
        return;
      }
    }
    throw new AssertionError("no folder " + name);
  }

  /** Opens the newest message with this subject in a folder, waiting (bounded) for it to arrive. */
  void openMessage(String folder, String subject) {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (System.nanoTime() < deadline) {
      openFolder(folder);
      WebElement row = Webmail.row(browser, subject);
      if (row != null) {
        browser.go(
            row.findElement(By.cssSelector("a.open"))
                .getAttribute("href")
                .replaceFirst("^https?://[^/]+", ""));
        return;
      }
      sleep(500);
    }
    throw new AssertionError("no message '" + subject + "' in " + folder);
  }

  long rowsWithSubject(String folder, String subject) {
    openFolder(folder);
    return Webmail.rowsWith(browser, subject);
  }

  @Test
  void aMessageWithAnAttachmentReachesALocalUserWhoOpensIt() throws Exception {
    String bob = newUser("bob", "Bob Local");
    String ann = newUser("ann", "Ann Sender");
    signIn(ann);
    compose();
    browser.type("#to", "Bob Local <" + bob + ">");
    browser.type("#subject", "Grüße mit Anhang");
    typeBody("Hallo Bob, die Datei ist dabei. Größe ≈ 2 kB. ");
    browser.find("#fmt-bold").click();
    typeBody("fett");
    browser.find("#fmt-bold").click();
    typeBody("\n");
    browser.find("#fmt-ul").click();
    typeBody("Punkt eins");
    Path file = Files.createTempFile("notes-", ".txt");
    Files.writeString(file, "line one of the notes\nzweite Zeile äöü\n", StandardCharsets.UTF_8);
    browser.find("#files").sendKeys(file.toString());
    browser.waitUntil(d -> browser.exists("#files-list li[data-file]"));
    assertThat(browser.text("#files-list")).contains(file.getFileName().toString());
    assertThat(browser.text("#limit")).contains("MB in total");
    sendAndAwaitRelease();

    openMessage("Sent", "Grüße mit Anhang");
    browser.waitUntil(d -> browser.exists("#delivery li.delivery-delivered"));
    assertThat(browser.text("#delivery")).contains(bob).contains("Delivered here");
    // the address book remembers whom Ann wrote to (it observes MessageSent)
    browser.go("/mail/contacts.xhtml");
    assertThat(browser.text("#contacts")).contains(bob);

    signIn(bob);
    openMessage("Inbox", "Grüße mit Anhang");
    assertThat(browser.text("#subject")).isEqualTo("Grüße mit Anhang");
    assertThat(browser.text("#h-from")).contains("Ann Sender <" + ann + ">");
    WebElement att = browser.find("#attachments a.attachment");
    assertThat(att.getText()).isEqualTo(file.getFileName().toString());
    String href = att.getAttribute("href");
    Object content =
        browser.js(
            "var x = new XMLHttpRequest(); x.open('GET', arguments[0], false); x.send();"
                + " return x.responseText;",
            href);
    assertThat((String) content).isEqualTo("line one of the notes\nzweite Zeile äöü\n");
    assertThat(browser.driver().getPageSource()).doesNotContain("Bcc");
    String frame = browser.find("#body-frame").getAttribute("src");
    assertThat(plainBody()).contains("fett").contains("- Punkt eins");
    browser.go(frame.replaceFirst("^https?://[^/]+", ""));
    assertThat(browser.driver().getPageSource())
        .contains("<b>fett</b>")
        .contains("<li>Punkt eins</li>");
    Files.deleteIfExists(file);
  }

  @Test
  void replyAllLeavesOutMyAddressQuotesTheOriginalAndReachesPostfix() {
    String me = newUser("replier", "Rita Replier");
    String subject = "Plans " + System.nanoTime();
    long original =
        server.importMessage(
            me,
            null,
            "From: Alice Remote <alice@remote.test>\nTo: "
                + me
                + ", carol@remote.test\nCc: dave@remote.test\nSubject: "
                + subject
                + "\nDate: Tue, 3 Mar 2026 10:00:00 +0000\nMessage-ID: <orig-"
                + subject.hashCode()
                + "@remote.test>\n\nShall we meet on Friday?\n");
    signIn(me);
    browser.go("/mail/message.xhtml?id=" + original);
    browser.submit("#reply-all");
    String to = browser.find("#to").getAttribute("value");
    assertThat(to).contains("alice@remote.test").contains("carol@remote.test").doesNotContain(me);
    assertThat(browser.find("#cc").getAttribute("value")).isEqualTo("dave@remote.test");
    assertThat(browser.find("#subject").getAttribute("value")).isEqualTo("Re: " + subject);
    assertThat(browser.text("#editor")).contains("wrote:").contains("Shall we meet on Friday?");
    typeBody("Friday works for me.");
    sendAndAwaitRelease();

    String got = postfix.awaitMessage("carol@remote.test", m -> m.contains("Re: " + subject), 60);
    assertThat(got).contains("In-Reply-To: <orig-" + subject.hashCode() + "@remote.test>");
    assertThat(got).contains("References: <orig-" + subject.hashCode() + "@remote.test>");
    assertThat(got).contains("Friday works for me.").contains("> Shall we meet on Friday?");
    postfix.awaitMessage("dave@remote.test", m -> m.contains("Re: " + subject), 60);

    openFolder("Inbox");
    WebElement row = browser.find("tr.row[data-id='" + original + "']");
    assertThat(row.findElements(By.cssSelector(".answered"))).hasSize(1);
  }

  @Test
  void forwardInlineKeepsAttachmentsAndForwardAsAttachmentCarriesTheMessage() {
    String bob = newUser("fwdbob", "Bob");
    String me = newUser("forwarder", "Fred");
    String subject = "Invoice " + System.nanoTime();
    long original =
        server.importMessage(
            me,
            null,
            "From: Shop <shop@remote.test>\nTo: "
                + me
                + "\nSubject: "
                + subject
                + "\nDate: Tue, 3 Mar 2026 10:00:00 +0000\nMIME-Version: 1.0\n"
                + "Content-Type: multipart/mixed; boundary=b1\n\n--b1\nContent-Type: text/plain\n\n"
                + "Your invoice is attached.\n--b1\nContent-Type: application/pdf; name=invoice.pdf\n"
                + "Content-Disposition: attachment; filename=invoice.pdf\n"
                + "Content-Transfer-Encoding: base64\n\nJVBERi0xLjQKJcOkw7zDtsOfCg==\n--b1--\n");
    signIn(me);
    browser.go("/mail/message.xhtml?id=" + original);
    browser.submit("#forward");
    assertThat(browser.find("#subject").getAttribute("value")).isEqualTo("Fwd: " + subject);
    assertThat(browser.text("#editor"))
        .contains("Forwarded message")
        .contains("From: Shop <shop@remote.test>")
        .contains("Your invoice is attached.");
    assertThat(browser.text("#files-list")).contains("invoice.pdf");
    browser.type("#to", bob);
    sendAndAwaitRelease();

    browser.go("/mail/message.xhtml?id=" + original);
    browser.submit("#forward-attachment");
    browser.type("#to", bob);
    browser.type("#subject", "As file: " + subject);
    sendAndAwaitRelease();

    signIn(bob);
    openMessage("Inbox", "Fwd: " + subject);
    assertThat(browser.text("#attachments")).contains("invoice.pdf");
    assertThat(plainBody()).contains("Forwarded message").contains("Your invoice is attached.");
    openMessage("Inbox", "As file: " + subject);
    assertThat(browser.text("#attachments")).contains(subject + ".eml");
  }

  @Test
  void aDraftIsAutosavedOnceAndResumedAfterAReload() {
    String me = newUser("drafter", "Dora");
    signIn(me);
    compose();
    browser.type("#to", "someone@remote.test");
    browser.type("#subject", "Draft in progress");
    typeBody("First words");
    awaitSaved();
    String saves = browser.find("#save-state").getAttribute("data-saves");
    typeBody(", more words");
    browser.waitUntil(
        d ->
            !saves.equals(browser.find("#save-state").getAttribute("data-saves"))
                && browser.text("#save-state").startsWith("Draft saved"));
    String savedDraft = browser.find("#save-state").getAttribute("data-saved");
    browser.driver().navigate().refresh();
    assertThat(rowsWithSubject("Drafts", "Draft in progress")).isEqualTo(1);
    // clicking the row in Drafts opens the draft in the compose page
    WebElement snippet =
        Webmail.row(browser, "Draft in progress").findElement(By.cssSelector(".snippet"));
    snippet.click();
    browser.awaitNextPage(snippet);
    assertThat(browser.path()).contains("draft=" + savedDraft);
    assertThat(browser.find("#to").getAttribute("value")).isEqualTo("someone@remote.test");
    assertThat(browser.find("#subject").getAttribute("value")).isEqualTo("Draft in progress");
    assertThat(browser.text("#editor")).contains("First words, more words");

    // leaving the page right after typing still saves (sendBeacon), into the same draft
    typeBody(" and the last ones");
    browser.go("/mail/");
    browser.waitUntil(
        d -> {
          openMessage("Drafts", "Draft in progress");
          return browser.text("#editor").contains("the last ones");
        });
    assertThat(browser.path()).contains("draft=" + savedDraft);
    assertThat(rowsWithSubject("Drafts", "Draft in progress")).isEqualTo(1);

    // found by search, the draft opens in the message view, with a way into the compose page
    browser.go("/mail/?q=progress");
    browser.go(
        Webmail.row(browser, "Draft in progress")
            .findElement(By.cssSelector("a.open"))
            .getAttribute("href")
            .replaceFirst("^https?://[^/]+", ""));
    assertThat(browser.path()).startsWith("/mail/message.xhtml");
    browser.submit("#edit-draft");
    assertThat(browser.path()).contains("draft=" + savedDraft);
    WebElement discard = browser.find("#discard");
    discard.click();
    browser.driver().switchTo().alert().accept();
    browser.waitUntil(d -> !browser.path().startsWith("/mail/compose"));
    assertThat(rowsWithSubject("Drafts", "Draft in progress")).isZero();
  }

  /** The text/plain view of the message page that is open. */
  String plainBody() {
    String p = browser.path();
    browser.go(p + (p.contains("?") ? "&" : "?") + "view=plain");
    return browser.text("#body-text");
  }

  @Test
  void undoReturnsToTheComposePageWithEverythingIntactAndNothingIsDelivered() throws Exception {
    String bob = newUser("undobob", "Bob");
    String me = newUser("undoer", "Uma");
    signIn(me);
    browser.go("/settings/");
    browser.type("#sending\\:undoSeconds", "30");
    browser.type("#sending\\:signature", "Uma from Postroom");
    browser.submit("#sending\\:save-sending");
    assertThat(browser.find("#sending\\:undoSeconds").getAttribute("value")).isEqualTo("30");

    compose();
    assertThat(browser.text("#editor")).contains("--\nUma from Postroom");
    browser.type("#to", bob);
    browser.type("#cc", "watcher@remote.test");
    browser.type("#subject", "Second thoughts");
    typeBody("Maybe I should not send this.");
    Path file = Files.createTempFile("undo-", ".txt");
    Files.writeString(file, "kept", StandardCharsets.UTF_8);
    browser.find("#files").sendKeys(file.toString());
    browser.waitUntil(d -> browser.exists("#files-list li[data-file]"));
    browser.submit("#send");
    browser.waitUntil(d -> browser.text("form.undo-bar").contains("Second thoughts"));
    // the countdown ticks beside the button; the button must not move under the pointer
    String countdown = browser.text("form.undo-bar .undo-countdown");
    assertThat(countdown).matches(" ?\\(\\d+ s\\)");
    Point before = browser.find("form.undo-bar .undo-button").getLocation();
    browser.waitUntil(d -> !countdown.equals(browser.text("form.undo-bar .undo-countdown")));
    assertThat(browser.find("form.undo-bar .undo-button").getLocation()).isEqualTo(before);
    browser.submit("form.undo-bar .undo-button");
    assertThat(browser.path()).contains("/mail/compose.xhtml?draft=");
    assertThat(browser.find("#to").getAttribute("value")).isEqualTo(bob);
    assertThat(browser.find("#cc").getAttribute("value")).isEqualTo("watcher@remote.test");
    assertThat(browser.find("#subject").getAttribute("value")).isEqualTo("Second thoughts");
    assertThat(browser.text("#editor")).contains("Maybe I should not send this.");
    assertThat(browser.text("#files-list")).contains(file.getFileName().toString());

    sleep(2000);
    signIn(bob);
    assertThat(rowsWithSubject("Inbox", "Second thoughts")).isZero();
    Files.deleteIfExists(file);
  }

  @Test
  void filesDroppedOnTheFormUploadWithAProgressBarAndTheLimitIsCheckedBeforeUpload() {
    String me = newUser("dropper", "Dee");
    signIn(me);
    compose();
    long limit = Long.parseLong(browser.find("form[data-compose]").getAttribute("data-limit"));
    assertThat(browser.text("#limit")).contains("Drop files here").contains(" MB in total");
    // remember whether the progress bar was ever shown while uploading
    browser.js(
        "window.progressSeen = false;"
            + "var p = document.getElementById('upload-progress');"
            + "new MutationObserver(function () { if (!p.hidden) { window.progressSeen = true; } })"
            + ".observe(p, {attributes: true});");
    // a drop as the browser delivers it: a drop event whose DataTransfer carries the files
    String drop =
        "var dt = new DataTransfer();"
            + "dt.items.add(new File([new Uint8Array(arguments[1])], arguments[0],"
            + " {type: 'application/octet-stream'}));"
            + "var z = document.getElementById('drop-zone');"
            + "z.dispatchEvent(new DragEvent('dragover', {dataTransfer: dt, bubbles: true,"
            + " cancelable: true}));"
            + "z.dispatchEvent(new DragEvent('drop', {dataTransfer: dt, bubbles: true,"
            + " cancelable: true}));";
    browser.js(drop, "dropped.bin", 300_000);
    browser.waitUntil(
        d ->
            browser.text("#files-list").contains("dropped.bin")
                && browser.exists("#files-list li[data-file]"));
    assertThat(browser.js("return window.progressSeen")).isEqualTo(true);
    assertThat(browser.find("#upload-progress").isDisplayed()).isFalse();

    // too big: refused in the page with the limit named, before a byte is sent
    browser.js(drop, "huge.bin", limit + 1);
    assertThat(browser.text("#compose\\:attachments-error")).contains("at most");
    assertThat(browser.text("#files-list")).doesNotContain("huge.bin");
    assertThat(browser.all("#files-list li[data-file]")).hasSize(1);
  }

  @Test
  void anInvalidAddressIsReportedNextToItsFieldAndNothingIsSent() {
    String me = newUser("typo", "Tom");
    signIn(me);
    compose();
    browser.type("#to", "friend@remote.test, broken@");
    browser.type("#bcc", "nobody-here-" + System.nanoTime() + "@example.test");
    browser.type("#subject", "Typo check");
    browser.find("#to-plain").click();
    browser.type("#body", "Hello in plain text");
    browser.submit("#send");
    assertThat(browser.path()).contains("/mail/compose.xhtml?draft=");
    assertThat(browser.text("#compose\\:to-error")).contains("broken@");
    assertThat(browser.text("#compose\\:bcc-error")).contains("No one here has the address");
    assertThat(browser.find("#subject").getAttribute("value")).isEqualTo("Typo check");
    assertThat(browser.find("#body").isDisplayed()).isTrue();
    assertThat(browser.find("#body").getAttribute("value")).isEqualTo("Hello in plain text");
    assertThat(rowsWithSubject("Sent", "Typo check")).isZero();
  }

  @Test
  void sendLaterWaitsInScheduledAndCanBeCancelledOrEdited() {
    String me = newUser("later", "Lee");
    signIn(me);
    compose();
    browser.type("#to", "later@remote.test");
    browser.type("#subject", "For tomorrow");
    typeBody("Good morning");
    scheduleInHours(1);
    assertThat(browser.path()).startsWith("/mail/scheduled.xhtml");
    assertThat(browser.text("#scheduled")).contains("For tomorrow").contains("later@remote.test");
    assertThat(browser.text("#scheduled-link")).contains("1");
    browser.submit("#scheduled .edit-scheduled");
    assertThat(browser.find("#subject").getAttribute("value")).isEqualTo("For tomorrow");
    scheduleInHours(2);
    browser.submit("#scheduled .cancel-scheduled");
    assertThat(browser.exists("#scheduled-empty")).isTrue();
    assertThat(rowsWithSubject("Drafts", "For tomorrow")).isEqualTo(1);
  }

  @Test
  void remoteDeliveryShowsDeliveredToTheHostAndArrivesIntact() throws Exception {
    String me = newUser("remote", "Rémi Envoyeur");
    signIn(me);
    compose();
    String to = "bob@remote.test";
    String n = String.valueOf(System.nanoTime() % 1000000);
    browser.type("#to", to);
    browser.type("#bcc", "alice@backup.test");
    browser.type("#subject", "Ünïcödé ☕ status " + n);
    typeBody("Bonjour, ça va ? " + "long ".repeat(400));
    Path file = Files.createTempFile("photo-", ".bin");
    byte[] bytes = new byte[5000];
    for (int i = 0; i < bytes.length; i++) {
      bytes[i] = (byte) (i * 7);
    }
    Files.write(file, bytes);
    browser.find("#files").sendKeys(file.toString());
    browser.waitUntil(d -> browser.exists("#files-list li[data-file]"));
    sendAndAwaitRelease();

    openMessage("Sent", "status");
    String before = browser.text("#delivery");
    assertThat(before).contains(to);
    browser.waitUntil(
        Duration.ofSeconds(60),
        d -> browser.text("#delivery li[data-address='" + to + "']").contains("Delivered to"));
    assertThat(browser.text("#delivery li[data-address='" + to + "']"))
        .containsPattern("Delivered to \\S+ at ");
    // the author sees the Bcc recipient and their status; the copy at Postfix does not name them
    assertThat(browser.text("#h-bcc")).isEqualTo("alice@backup.test");
    assertThat(browser.text("#delivery")).contains("alice@backup.test");
    browser.go(browser.find("#source").getAttribute("href").replaceFirst("^https?://[^/]+", ""));
    assertThat(browser.driver().getPageSource()).contains("Bcc: alice@backup.test");

    String got = postfix.awaitMessage(to, m -> m.contains(n + "?="), 60);
    assertThat(got).doesNotContain("alice@backup.test").doesNotContain("Bcc:");
    jakarta.mail.internet.MimeMessage parsed =
        new jakarta.mail.internet.MimeMessage(
            jakarta.mail.Session.getInstance(new java.util.Properties()),
            new java.io.ByteArrayInputStream(got.getBytes(StandardCharsets.ISO_8859_1)));
    assertThat(parsed.getSubject()).isEqualTo("Ünïcödé ☕ status " + n);
    for (String line : got.split("\r?\n")) {
      assertThat(line.length()).isLessThanOrEqualTo(998);
    }
    var read = org.postroom.mime.MimeReader.read(got.getBytes(StandardCharsets.ISO_8859_1));
    assertThat(read.text()).contains("Bonjour, ça va ?");
    assertThat(read.attachments()).hasSize(1);
    assertThat(
            org.postroom.mime.MimeReader.part(
                    got.getBytes(StandardCharsets.ISO_8859_1), read.attachments().get(0).index())
                .orElseThrow()
                .bytes())
        .isEqualTo(bytes);
    String bcc = postfix.awaitMessage("alice@backup.test", m -> m.contains(n + "?="), 60);
    assertThat(bcc).doesNotContain("Bcc:");
    Files.deleteIfExists(file);
  }

  @Test
  void aRefusedRecipientShowsBouncedAndTheBounceArrivesInTheInbox() {
    String me = newUser("bouncer", "Bea");
    signIn(me);
    compose();
    browser.type("#to", "reject@remote.test, tempfail@remote.test");
    browser.type("#subject", "Will bounce");
    typeBody("Nobody reads this.");
    sendAndAwaitRelease();
    openMessage("Sent", "Will bounce");
    browser.waitUntil(
        Duration.ofSeconds(60),
        d -> browser.text("#delivery li[data-address='reject@remote.test']").contains("Bounced"));
    assertThat(browser.text("#delivery li[data-address='reject@remote.test']"))
        .containsIgnoringCase("bounced")
        .contains("550");
    browser.waitUntil(
        Duration.ofSeconds(60),
        d ->
            browser.text("#delivery li[data-address='tempfail@remote.test']").contains("Deferred"));
    assertThat(browser.text("#delivery li[data-address='tempfail@remote.test']"))
        .contains("451")
        .contains("next attempt at");
    assertThat(subjectsIn("Inbox", 60)).contains("Undelivered Mail Returned to Sender");
    openMessage("Inbox", "Undelivered Mail Returned to Sender");
    assertThat(browser.text("#h-from")).contains("MAILER-DAEMON");
    assertThat(browser.driver().getPageSource())
        .contains("reject@remote.test")
        .contains("Will bounce");
  }

  /** Opens Send later, enters a local time some hours ahead and schedules. */
  void scheduleInHours(int hours) {
    browser.find("#send-later summary").click();
    browser.js(
        "var d = new Date(Date.now() + arguments[0] * 3600 * 1000);"
            + " var p = function (n) { return String(n).padStart(2, '0'); };"
            + " document.getElementById('sendAt').value = d.getFullYear() + '-' + p(d.getMonth() + 1)"
            + " + '-' + p(d.getDate()) + 'T' + p(d.getHours()) + ':' + p(d.getMinutes());",
        hours);
    browser.submit("#schedule");
  }

  /** The subjects of a folder once at least one message is there (bounded wait). */
  List<String> subjectsIn(String folder, int seconds) {
    long deadline = System.nanoTime() + Duration.ofSeconds(seconds).toNanos();
    while (System.nanoTime() < deadline) {
      openFolder(folder);
      List<String> s = Webmail.subjects(browser);
      if (!s.isEmpty()) {
        return s;
      }
      sleep(500);
    }
    throw new AssertionError("nothing arrived in " + folder);
  }

  static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
