package org.postroom.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.json.Json;
import org.postroom.testsupport.Browser;
import org.postroom.testsupport.BrowserFailures;
import org.postroom.testsupport.DeliveryStatus;
import org.postroom.testsupport.Peers;
import org.postroom.testsupport.PostfixPeer;
import org.postroom.testsupport.PostgresServer;
import org.postroom.testsupport.PostroomServer;
import org.postroom.testsupport.Submission;

/**
 * The relay through the shipped jar, as users meet it: Bob submits over the STARTTLS submission
 * port with AUTH, the real Postfix on loopback is the foreign MX, the admin works the queue in
 * Chromium and over the API, a destination that is down is retried until it answers, the MX refuses
 * to relay for strangers, and the server is killed with {@code kill -9} with mail queued, deferred
 * and in flight. The server runs on PostgreSQL so the test can read Bob's Inbox (the bounces)
 * without stopping it; retries are seconds, one connection per domain.
 */
class RelayEndToEndIT {
  static final String BOB = "bob.relay@example.test";
  static final String BOB_PASSWORD = "bobs-relay-password";
  static PostroomServer server;
  static Peers peers;
  static PostfixPeer postfix;
  static String dbUrl;
  static Browser browser;

  @RegisterExtension final BrowserFailures failures = new BrowserFailures(() -> browser);

  @BeforeAll
  static void start() {
    dbUrl = PostgresServer.shared().createDatabase("relay_e2e_" + ProcessHandle.current().pid());
    PostroomServer.Builder b =
        PostroomServer.builder("relay-e2e")
            .env("POSTROOM_DB_URL", dbUrl)
            .env("POSTROOM_DB_USER", "postroom")
            .env("POSTROOM_DB_PASSWORD", "postroom")
            .env("POSTROOM_RELAY_RETRY_FIRST", "1s")
            .env("POSTROOM_RELAY_RETRY_MAX", "2s")
            .env("POSTROOM_RELAY_DELAY_NOTICE", "0")
            .env("POSTROOM_RELAY_DOMAIN_CONNECTIONS", "1");
    peers = b.startPeers("relay-e2e");
    postfix = peers.postfix();
    server = b.start();
    server.createUser(BOB, BOB_PASSWORD, "Bob Relay");
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

  // ---- helpers

  static String subject(String what) {
    return what + "-" + UUID.randomUUID();
  }

  static byte[] message(String subject, String to) {
    return ("From: Bob Relay <"
            + BOB
            + ">\r\n"
            + "To: "
            + to
            + "\r\n"
            + "Subject: "
            + subject
            + "\r\n"
            + "Message-ID: <"
            + subject
            + "@example.test>\r\n"
            + "Date: Mon, 30 Nov 2026 09:00:00 +0000\r\n"
            + "MIME-Version: 1.0\r\n"
            + "Content-Type: text/plain; charset=utf-8\r\n"
            + "\r\n"
            + "Hello from Postroom.\r\n")
        .getBytes(StandardCharsets.UTF_8);
  }

  static Submission.Reply submit(String subject, String... to) {
    return Submission.send(server, BOB, BOB_PASSWORD, BOB, List.of(to), message(subject, to[0]));
  }

  /** A queued message as the API shows it: id, sender, subject, recipients (maps), or null. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> queueEntry(String subject) {
    HttpResponse<String> r = server.asAdmin("GET", "/api/admin/queue?state=all&limit=1000", null);
    assertThat(r.statusCode()).isEqualTo(200);
    Map<String, Object> queue = new Json().toType(r.body(), Map.class);
    for (Object o : (List<Object>) queue.get("messages")) {
      Map<String, Object> m = (Map<String, Object>) o;
      if (subject.equals(m.get("subject"))) {
        return m;
      }
    }
    return null;
  }

  /** The only recipient of a queued message. */
  @SuppressWarnings("unchecked")
  static Map<String, Object> recipient(Map<String, Object> entry) {
    List<Object> rs = (List<Object>) entry.get("recipients");
    assertThat(rs).hasSize(1);
    return (Map<String, Object>) rs.get(0);
  }

  static long queueId(String subject) {
    return ((Number) awaitEntry(subject, x -> true, 30).get("id")).longValue();
  }

  static boolean inState(Map<String, Object> entry, String state) {
    return state.equals(recipient(entry).get("state"));
  }

  static int attempts(Map<String, Object> entry) {
    return ((Number) recipient(entry).get("attempts")).intValue();
  }

  static Map<String, Object> awaitEntry(
      String subject, Predicate<Map<String, Object>> condition, int seconds) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    Map<String, Object> last = null;
    while (System.nanoTime() < deadline) {
      last = queueEntry(subject);
      if (last != null && condition.test(last)) {
        return last;
      }
      sleep(200);
    }
    throw new AssertionError("queue entry of " + subject + " stayed " + last);
  }

  /** Raw messages in an account's Inbox, read from the server's PostgreSQL database. */
  static List<byte[]> inboxOf(String address) {
    try (Connection c = DriverManager.getConnection(dbUrl, "postroom", "postroom");
        PreparedStatement ps =
            c.prepareStatement(
                "select b.content from message m join message_blob b on b.id = m.blob_id"
                    + " join folder f on f.id = m.folder_id join account a on a.id = m.account_id"
                    + " where a.address = ? and f.role = 'INBOX' order by m.id")) {
      ps.setString(1, address);
      List<byte[]> out = new ArrayList<>();
      try (ResultSet rs = ps.executeQuery()) {
        while (rs.next()) {
          out.add(rs.getBytes(1));
        }
      }
      return out;
    } catch (java.sql.SQLException e) {
      throw new AssertionError(e);
    }
  }

  static DeliveryStatus awaitBounce(String subject, int seconds) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (System.nanoTime() < deadline) {
      for (byte[] m : inboxOf(BOB)) {
        String s = new String(m, StandardCharsets.UTF_8);
        if (s.contains("In-Reply-To: <" + subject + "@example.test>")) {
          return DeliveryStatus.parse(m);
        }
      }
      sleep(200);
    }
    throw new AssertionError("no bounce about " + subject + " in Bob's Inbox");
  }

  static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /**
   * The admin's browser on a page, signed in again when needed (the kill -9 scenario ends the
   * session of a browser opened before it).
   */
  static Browser asAdminAt(String path) {
    if (browser == null) {
      browser = Browser.open(server.baseUrl());
    }
    browser.go(path);
    if (browser.driver().getCurrentUrl().contains("/login.xhtml")) {
      browser
          .type("#login\\:address", PostroomServer.ADMIN)
          .type("#login\\:password", PostroomServer.ADMIN_PASSWORD);
      browser.submit("#login\\:submit");
      browser.go(path);
    }
    return browser;
  }

  static WebElement queueCard(Browser b, long id) {
    return b.find("section.queue-message[data-id='" + id + "']");
  }

  // ---- scenarios

  @Test
  void aSubmittedMessageReachesTheForeignServerAndTheQueueShowsWhereAndWhen() {
    String s = subject("e2e-normal");
    Submission.Reply reply = submit(s, "alice@remote.test");
    assertThat(reply.accepted()).as(reply.line()).isTrue();
    String m = postfix.awaitMessage("alice@remote.test", x -> x.contains(s), 60);
    assertThat(m)
        .contains("Subject: " + s, "From: Bob Relay <" + BOB + ">", "Hello from Postroom.");
    assertThat(m).contains("Return-Path: <" + BOB + ">");
    Map<String, Object> r = recipient(awaitEntry(s, e -> inState(e, "delivered"), 30));
    assertThat(r.get("remoteHost")).isEqualTo("mx.remote.test[127.0.0.2]:" + postfix.mxPort());
    assertThat((String) r.get("lastReply")).startsWith("250 2.0.0 Ok: queued as");
    assertThat(r.get("finishedAt")).isNotNull();
  }

  @Test
  void aRefusedRecipientBouncesIntoBobsInboxWhileTheOtherIsDelivered() {
    String s = subject("e2e-half");
    assertThat(submit(s, "carol@remote.test", "reject@remote.test").accepted()).isTrue();
    postfix.awaitMessage("carol@remote.test", x -> x.contains(s), 60);
    DeliveryStatus dsn = awaitBounce(s, 60);
    assertThat(dsn.header("From"))
        .isEqualTo("Mail Delivery System <MAILER-DAEMON@mail.example.test>");
    assertThat(dsn.header("Return-Path")).isEqualTo("<>");
    assertThat(dsn.perMessage().get("Reporting-MTA")).isEqualTo("dns; mail.example.test");
    assertThat(dsn.perRecipient()).hasSize(1);
    DeliveryStatus.Fields f = dsn.recipient("reject@remote.test");
    assertThat(f.get("Action")).isEqualTo("failed");
    assertThat(f.get("Status")).isEqualTo("5.1.1");
    assertThat(f.get("Remote-MTA")).isEqualTo("dns; mx.remote.test");
    assertThat(f.get("Diagnostic-Code")).startsWith("smtp; 550 5.1.1 <reject@remote.test>");
    assertThat(dsn.returnedHeaders()).contains("Subject: " + s);
  }

  @Test
  void aDestinationWithNothingListeningStaysQueuedAndIsDeliveredOnceItAnswers() {
    String s = subject("e2e-down");
    assertThat(submit(s, "dave@down.test").accepted()).isTrue();
    // mx.down.test is an address where nothing listens: deferred, and tried again (retries are
    // 1-2s)
    Map<String, Object> r =
        recipient(awaitEntry(s, e -> inState(e, "deferred") && attempts(e) >= 2, 60));
    assertThat((String) r.get("lastReply")).startsWith("connect to mx.down.test[127.0.0.3]");
    assertThat(r.get("nextAttemptAt")).isNotNull();
    assertThat(postfix.messagesFor("dave@down.test")).noneMatch(m -> m.contains(s));

    // the destination comes back: its MX now points at the Postfix peer
    List<String> records = new ArrayList<>(peers.dns().records());
    records.replaceAll(
        x ->
            x.equals("host-record=mx.down.test," + Peers.DOWN_IP)
                ? "host-record=mx.down.test," + Peers.PEER_IP
                : x);
    try {
      peers.dns().setRecords(records);
      String m = postfix.awaitMessage("dave@down.test", x -> x.contains(s), 60);
      assertThat(m).contains("Subject: " + s, "Return-Path: <" + BOB + ">");
      Map<String, Object> done = recipient(awaitEntry(s, e -> inState(e, "delivered"), 30));
      assertThat(done.get("remoteHost")).isEqualTo("mx.down.test[127.0.0.2]:" + postfix.mxPort());
    } finally {
      peers.dns().setRecords(Peers.standardRecords(PostroomServer.DOMAIN));
    }
    assertThat(postfix.messagesFor("dave@down.test").stream().filter(x -> x.contains(s)))
        .as("delivered once")
        .hasSize(1);
    assertThat(inboxOf(BOB).stream().map(x -> new String(x, StandardCharsets.UTF_8)))
        .as("no bounce for a message that was delivered in the end")
        .noneMatch(x -> x.contains("<" + s + "@example.test>"));
  }

  /**
   * The MX port takes mail for our domain only: a stranger who hands it mail for another domain,
   * even with one of our users as the sender, is refused at RCPT and nothing is queued or leaves.
   */
  @Test
  void theMxRelaysNothingForAStrangerEvenWithOneOfOurAddressesAsSender() {
    String s = subject("e2e-open-relay");
    Submission.Reply refused =
        Submission.toMx(server, BOB, List.of("alice@remote.test"), message(s, "alice@remote.test"));
    assertThat(refused.code()).as(refused.line()).isEqualTo(554);
    assertThat(refused.line()).contains("5.7.1");
    assertThat(queueEntry(s)).as("nothing queued").isNull();

    // a message Bob really submits afterwards to the same mailbox is the marker: once it has
    // arrived, the refused one would have too (one connection per domain, queue order)
    String marker = subject("e2e-after-relay");
    assertThat(submit(marker, "alice@remote.test").accepted()).isTrue();
    postfix.awaitMessage("alice@remote.test", x -> x.contains(marker), 60);
    assertThat(postfix.messagesFor("alice@remote.test")).noneMatch(m -> m.contains(s));
    assertThat(queueEntry(s)).isNull();
  }

  @Test
  void theAdminSeesADeferredMessageRetriesItAndDeletesItWithABounce() {
    postfix.answerFor("dave@remote.test", "451 4.3.0 Not now (test peer)");
    try {
      String s = subject("e2e-admin");
      assertThat(submit(s, "dave@remote.test").accepted()).isTrue();
      long id = queueId(s);
      awaitEntry(s, e -> inState(e, "deferred"), 60);
      Browser b = asAdminAt("/admin/queue.xhtml");
      WebElement card = queueCard(b, id);
      assertThat(card.getText()).contains(s, "dave@remote.test", "deferred", "451 4.3.0");
      int before = attempts(queueEntry(s));
      card.findElement(By.cssSelector("input[id$='retry']")).click();
      b.waitUntil(d -> b.text("#notices").contains("will be tried now"));
      awaitEntry(s, e -> attempts(e) > before, 30);

      asAdminAt("/admin/queue.xhtml");
      queueCard(b, id).findElement(By.cssSelector("input[id$='bounce']")).click();
      b.driver().switchTo().alert().accept();
      b.waitUntil(d -> b.text("#notices").contains("the sender is told"));
      DeliveryStatus dsn = awaitBounce(s, 60);
      DeliveryStatus.Fields f = dsn.recipient("dave@remote.test");
      assertThat(f.get("Action")).isEqualTo("failed");
      assertThat(f.get("Diagnostic-Code")).contains("Deleted from the queue by the postmaster");
      awaitEntry(s, e -> inState(e, "failed"), 10);

      // without a bounce the message is simply gone
      String s2 = subject("e2e-delete");
      assertThat(submit(s2, "dave@remote.test").accepted()).isTrue();
      long id2 = queueId(s2);
      assertThat(server.asAdmin("DELETE", "/api/admin/queue/" + id2, null).statusCode())
          .isEqualTo(204);
      assertThat(server.asAdmin("GET", "/api/admin/queue/" + id2, null).statusCode())
          .isEqualTo(404);
      sleep(3000);
      assertThat(inboxOf(BOB).stream().map(x -> new String(x, StandardCharsets.UTF_8)))
          .noneMatch(x -> x.contains("<" + s2 + "@example.test>"));
    } finally {
      postfix.answerFor("dave@remote.test", null);
    }
  }

  @Test
  void aSuspendedUserIsRefusedAtSubmissionUntilTheAdminResumesThem() {
    Browser b = asAdminAt("/admin/sending.xhtml");
    b.find("tr[data-address='" + BOB + "'] input[id$='suspend']").click();
    b.driver().switchTo().alert().accept();
    b.waitUntil(d -> b.text("#notices").contains("suspended for " + BOB));
    try {
      Submission.Reply refused = submit(subject("e2e-suspended"), "alice@remote.test");
      assertThat(refused.code()).isEqualTo(550);
      assertThat(refused.line()).contains("5.7.1").contains("suspended");
    } finally {
      asAdminAt("/admin/sending.xhtml");
      b.find("tr[data-address='" + BOB + "'] input[id$='resume']").click();
      b.waitUntil(d -> b.text("#notices").contains("may send to other domains again"));
    }
    assertThat(submit(subject("e2e-resumed"), "alice@remote.test").accepted()).isTrue();
  }

  @Test
  void aLimitSetForOneUserIsCheckedAndAMistakeIsShownNextToTheField() {
    Browser b = asAdminAt("/admin/sending.xhtml?address=" + BOB);
    b.type("#limits\\:perHour", "-3");
    b.submit("#limits\\:save");
    assertThat(b.text("#limits\\:perHour-error")).contains("0 or more");
    b.type("#limits\\:perHour", "lots");
    b.submit("#limits\\:save");
    assertThat(b.text("#limits\\:perHour-error")).contains("whole number");
    Map<?, ?> sender =
        new Json()
            .toType(server.asAdmin("GET", "/api/admin/senders/" + BOB, null).body(), Map.class);
    assertThat(sender.get("messagesPerHour")).as("nothing was saved").isNull();
    HttpResponse<String> bad =
        server.asAdmin(
            "PUT", "/api/admin/senders/" + BOB, "{\"suspended\":false,\"messagesPerDay\":-1}");
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.body()).contains("\"messagesPerDay\"");
  }

  @Test
  void aRestartAfterKill9EndsQueuedDeferredAndInFlightRecipientsInTheirRightState()
      throws Exception {
    // delivered before the crash: must not go out twice
    String done = subject("e2e-done");
    assertThat(submit(done, "alice@remote.test").accepted()).isTrue();
    postfix.awaitMessage("alice@remote.test", x -> x.contains(done), 60);
    awaitEntry(done, e -> inState(e, "delivered"), 30);

    // deferred: the foreign server says 451 for now
    postfix.answerFor("eve@remote.test", "451 4.3.0 Not now (test peer)");
    String deferred = subject("e2e-deferred");
    assertThat(submit(deferred, "eve@remote.test").accepted()).isTrue();
    awaitEntry(deferred, e -> inState(e, "deferred"), 60);

    // in flight: nomx.test now points at a server that accepts and never answers
    int relayPort = postfix.mxPort();
    List<String> records = new ArrayList<>(peers.dns().records());
    records.replaceAll(
        r ->
            r.equals("host-record=nomx.test," + Peers.PEER_IP)
                ? "host-record=nomx.test,127.0.0.4"
                : r);
    try (Tarpit tarpit = new Tarpit("127.0.0.4", relayPort)) {
      peers.dns().setRecords(records);
      String inFlight = subject("e2e-in-flight");
      assertThat(submit(inFlight, "alice@nomx.test").accepted()).isTrue();
      awaitEntry(inFlight, e -> Boolean.TRUE.equals(recipient(e).get("inFlight")), 60);
      tarpit.awaitConnection(30);

      // queued: the domain's only connection is taken, so this one waits untried
      String queued = subject("e2e-queued");
      assertThat(submit(queued, "bob@nomx.test").accepted()).isTrue();
      sleep(2000);
      Map<String, Object> waiting = recipient(awaitEntry(queued, e -> true, 5));
      assertThat(waiting.get("state")).isEqualTo("queued");
      assertThat(waiting.get("attempts")).isEqualTo(0L);
      assertThat(waiting.get("inFlight")).isEqualTo(false);

      server.kill();

      postfix.answerFor("eve@remote.test", null);
      peers.dns().setRecords(Peers.standardRecords(PostroomServer.DOMAIN));
      tarpit.close();
      server.startAgain();

      postfix.awaitMessage("eve@remote.test", x -> x.contains(deferred), 90);
      postfix.awaitMessage("alice@nomx.test", x -> x.contains(inFlight), 90);
      postfix.awaitMessage("bob@nomx.test", x -> x.contains(queued), 90);
      for (String x : List.of(deferred, inFlight, queued, done)) {
        awaitEntry(x, e -> inState(e, "delivered"), 30);
      }
      assertThat(postfix.messagesFor("alice@nomx.test").stream().filter(x -> x.contains(inFlight)))
          .hasSize(1);
      assertThat(postfix.messagesFor("alice@remote.test").stream().filter(x -> x.contains(done)))
          .hasSize(1);
    } finally {
      postfix.answerFor("eve@remote.test", null);
      peers.dns().setRecords(Peers.standardRecords(PostroomServer.DOMAIN));
    }
  }

  /** A server that accepts connections and never says a word: a delivery to it stays in flight. */
  static final class Tarpit implements AutoCloseable {
    private final ServerSocket listener;
    private final List<Socket> held = new ArrayList<>();
    private final Thread acceptor;

    Tarpit(String ip, int port) throws IOException {
      listener = new ServerSocket();
      listener.bind(new InetSocketAddress(InetAddress.getByName(ip), port));
      acceptor =
          new Thread(
              () -> {
                while (!listener.isClosed()) {
                  try {
                    Socket s = listener.accept();
                    synchronized (held) {
                      held.add(s);
                      held.notifyAll();
                    }
                  } catch (IOException e) {
                    return;
                  }
                }
              });
      acceptor.setDaemon(true);
      acceptor.start();
    }

    void awaitConnection(int seconds) throws InterruptedException {
      long deadline = System.currentTimeMillis() + seconds * 1000L;
      synchronized (held) {
        while (held.isEmpty() && System.currentTimeMillis() < deadline) {
          held.wait(200);
        }
        assertThat(held).as("a connection to the tarpit").isNotEmpty();
      }
    }

    @Override
    public void close() throws IOException {
      listener.close();
      synchronized (held) {
        for (Socket s : held) {
          s.close();
        }
        held.clear();
      }
    }
  }
}
