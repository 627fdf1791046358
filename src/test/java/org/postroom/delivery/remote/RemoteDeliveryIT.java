package org.postroom.delivery.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postroom.config.Settings;
import org.postroom.dns.DnsJavaResolver;
import org.postroom.dns.DnsResolver;
import org.postroom.testsupport.FreePort;
import org.postroom.testsupport.Peers;
import org.postroom.testsupport.PostfixPeer;

/**
 * MX routing and the SMTP client against real peers on loopback, without Payara: dnsmasq serves the
 * test domains' records, Debian's Postfix is the foreign MX (see {@link Peers}).
 */
class RemoteDeliveryIT {
  static Peers peers;
  static PostfixPeer postfix;
  static MxRouting routing;
  static SmtpClient client = new SmtpClient();
  static SmtpClient.Options options;

  @BeforeAll
  static void start() {
    peers = Peers.start("remote-delivery", "example.test", FreePort.any());
    postfix = peers.postfix();
    routing = new MxRouting(resolver(peers.dns().port()));
    options =
        new SmtpClient.Options(
            "mail.example.test", postfix.mxPort(), Duration.ofSeconds(30), false, null, null);
  }

  @AfterAll
  static void stop() {
    peers.close();
  }

  static DnsResolver resolver(int port) {
    return new DnsJavaResolver(
        List.of(new Settings.HostPort("127.0.0.1", port)), Duration.ofSeconds(2));
  }

  static List<MailHost> hosts(String domain) {
    Route r = routing.route(domain);
    assertThat(r).isInstanceOf(Route.Servers.class);
    return ((Route.Servers) r).hosts();
  }

  static byte[] message(String subject, String to) {
    return ("From: Bob <bob@example.test>\r\n"
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
            + "X-Folded: first part\r\n"
            + "  second part\r\n"
            + "MIME-Version: 1.0\r\n"
            + "Content-Type: text/plain; charset=utf-8\r\n"
            + "Content-Transfer-Encoding: 8bit\r\n"
            + "\r\n"
            + "Hello \u00e9t\u00e9.\r\n"
            + ".a line that starts with a dot\r\n"
            + "..and one with two\r\n")
        .getBytes(StandardCharsets.UTF_8);
  }

  // ---- routing

  @Test
  void mxHostsComeInPreferenceOrderWithAddressesFromOurResolver() {
    List<MailHost> hosts = hosts("backup.test");
    assertThat(hosts)
        .extracting(MailHost::name)
        .containsExactly("mx1.backup.test", "mx2.backup.test");
    assertThat(hosts.get(0).addresses().get(0).getHostAddress()).isEqualTo(Peers.DOWN_IP);
    assertThat(hosts.get(1).addresses().get(0).getHostAddress()).isEqualTo(Peers.PEER_IP);
    assertThat(peers.dns().log()).contains("query[A] mx2.backup.test");
  }

  @Test
  void aDomainWithoutMxIsReachedAtItsOwnAddress() {
    List<MailHost> hosts = hosts("nomx.test");
    assertThat(hosts).extracting(MailHost::name).containsExactly("nomx.test");
    assertThat(hosts.get(0).addresses().get(0).getHostAddress()).isEqualTo(Peers.PEER_IP);
  }

  @Test
  void aNullMxIsAPermanentFailureAndItsAddressIsNeverAskedFor() {
    Route r = routing.route("nullmx.test");
    assertThat(r).isInstanceOf(Route.Nowhere.class);
    RemoteReply reason = ((Route.Nowhere) r).reason();
    assertThat(reason.outcome()).isEqualTo(Outcome.PERMANENT);
    assertThat(reason.status()).isEqualTo("5.1.10");
    assertThat(reason.host()).isNull();
    assertThat(peers.dns().log())
        .contains("query[MX] nullmx.test")
        .doesNotContain("query[A] nullmx.test");
  }

  @Test
  void aDomainThatDoesNotExistIsAPermanentFailure() {
    Route r = routing.route("no-such-domain.test");
    RemoteReply reason = ((Route.Nowhere) r).reason();
    assertThat(reason.outcome()).isEqualTo(Outcome.PERMANENT);
    assertThat(reason.status()).isEqualTo("5.1.2");
    assertThat(reason.text()).contains("does not exist");
  }

  @Test
  void mxHostsWithoutAnAddressArePermanent() {
    RemoteReply reason = ((Route.Nowhere) routing.route("mxnoa.test")).reason();
    assertThat(reason.outcome()).isEqualTo(Outcome.PERMANENT);
    assertThat(reason.text()).contains("mx.mxnoa.test");
  }

  @Test
  void aDnsServerThatDoesNotAnswerIsATemporaryFailure() {
    MxRouting deaf = new MxRouting(resolver(FreePort.any()));
    RemoteReply reason = ((Route.Nowhere) deaf.route("remote.test")).reason();
    assertThat(reason.outcome()).isEqualTo(Outcome.TEMPORARY);
    assertThat(reason.status()).isEqualTo("4.4.3");
  }

  @Test
  void servfailIsATemporaryFailure() {
    peers.dns().addRecords(List.of("server=/servfail.test/127.0.0.1#" + FreePort.any()));
    RemoteReply reason = ((Route.Nowhere) routing.route("servfail.test")).reason();
    assertThat(reason.outcome()).isEqualTo(Outcome.TEMPORARY);
  }

  // ---- SMTP

  @Test
  void twoMessagesGoOverOneStartTlsConnectionWithHeadersAndBodyIntact() throws Exception {
    String s1 = "intact-" + UUID.randomUUID();
    String s2 = "second-" + UUID.randomUUID();
    long before = postfix.connectionsSoFar();
    try (ClientSession session = client.connect(hosts("remote.test"), options)) {
      assertThat(session.host()).isEqualTo("mx.remote.test[127.0.0.2]:" + postfix.mxPort());
      ClientSession.Result r1 =
          session.send(
              "bob@example.test", List.of("alice@remote.test"), message(s1, "alice@remote.test"));
      assertThat(r1.replies().get("alice@remote.test").outcome()).isEqualTo(Outcome.DELIVERED);
      assertThat(r1.replies().get("alice@remote.test").line())
          .startsWith("250 2.0.0 Ok: queued as");
      ClientSession.Result r2 =
          session.send(
              "bob@example.test", List.of("carol@remote.test"), message(s2, "carol@remote.test"));
      assertThat(r2.replies().get("carol@remote.test").outcome()).isEqualTo(Outcome.DELIVERED);
    }
    String m = postfix.awaitMessage("alice@remote.test", x -> x.contains(s1), 20);
    String original = new String(message(s1, "alice@remote.test"), StandardCharsets.UTF_8);
    String stored = new String(m.getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
    assertThat(stored.replace("\r\n", "\n")).contains(original.replace("\r\n", "\n"));
    assertThat(m).contains("Return-Path: <bob@example.test>");
    assertThat(m)
        .containsPattern("Received: from mail\\.example\\.test \\(.*\\[127\\.0\\.0\\.1\\]\\)");
    assertThat(m).contains("(using TLS");
    postfix.awaitMessage("carol@remote.test", x -> x.contains(s2), 20);
    assertThat(postfix.connectionsSoFar() - before).isEqualTo(1);
  }

  @Test
  void thePreferredMxBeingDownTheNextOneTakesTheMail() throws Exception {
    String s = "backup-" + UUID.randomUUID();
    try (ClientSession session = client.connect(hosts("backup.test"), options)) {
      assertThat(session.host()).startsWith("mx2.backup.test[127.0.0.2]");
      session.send(
          "bob@example.test", List.of("alice@backup.test"), message(s, "alice@backup.test"));
    }
    postfix.awaitMessage("alice@backup.test", x -> x.contains(s), 20);
  }

  @Test
  void eachRecipientGetsItsOwnReplyInOneTransaction() throws Exception {
    String s = "mixed-" + UUID.randomUUID();
    try (ClientSession session = client.connect(hosts("remote.test"), options)) {
      ClientSession.Result r =
          session.send(
              "bob@example.test",
              List.of("dave@remote.test", "reject@remote.test", "tempfail@remote.test"),
              message(s, "dave@remote.test"));
      assertThat(r.replies().get("dave@remote.test").outcome()).isEqualTo(Outcome.DELIVERED);
      RemoteReply rejected = r.replies().get("reject@remote.test");
      assertThat(rejected.outcome()).isEqualTo(Outcome.PERMANENT);
      assertThat(rejected.line()).startsWith("550 5.1.1").contains("User unknown (test peer)");
      assertThat(rejected.status()).isEqualTo("5.1.1");
      RemoteReply later = r.replies().get("tempfail@remote.test");
      assertThat(later.outcome()).isEqualTo(Outcome.TEMPORARY);
      assertThat(later.line()).startsWith("451 4.3.0");
      assertThat(session.isUsable()).isTrue();
      // the connection is still good for the next message
      String s2 = "after-" + UUID.randomUUID();
      assertThat(
              session
                  .send(
                      "bob@example.test",
                      List.of("dave@remote.test"),
                      message(s2, "dave@remote.test"))
                  .replies()
                  .get("dave@remote.test")
                  .outcome())
          .isEqualTo(Outcome.DELIVERED);
    }
    postfix.awaitMessage("dave@remote.test", x -> x.contains(s), 20);
    assertThat(postfix.messagesFor("reject@remote.test")).isEmpty();
  }

  @Test
  void contentRefusedAfterDataFailsEveryRecipientOfTheTransaction() throws Exception {
    try (ClientSession session = client.connect(hosts("remote.test"), options)) {
      ClientSession.Result r =
          session.send(
              "bob@example.test",
              List.of("eve@remote.test", "carol@remote.test"),
              message("[reject-data] " + UUID.randomUUID(), "eve@remote.test"));
      assertThat(r.replies().values())
          .allSatisfy(
              x -> {
                assertThat(x.outcome()).isEqualTo(Outcome.PERMANENT);
                assertThat(x.status()).isEqualTo("5.7.1");
              });
    }
  }

  @Test
  void theNullSenderIsSentAsAnEmptyReversePath() throws Exception {
    String s = "null-sender-" + UUID.randomUUID();
    try (ClientSession session = client.connect(hosts("remote.test"), options)) {
      session.send("", List.of("eve@remote.test"), message(s, "eve@remote.test"));
    }
    assertThat(postfix.awaitMessage("eve@remote.test", x -> x.contains(s), 20))
        .contains("Return-Path: <>");
  }

  @Test
  void aServerThatRefusesConnectionsIsUnreachableWithTheReason() {
    assertThatThrownBy(() -> client.connect(hosts("down.test"), options))
        .isInstanceOfSatisfying(
            SmtpClient.Unreachable.class,
            e -> {
              assertThat(e.reason().outcome()).isEqualTo(Outcome.TEMPORARY);
              assertThat(e.reason().text())
                  .contains("mx.down.test[127.0.0.3]")
                  .containsIgnoringCase("connection refused");
            });
  }

  // ---- smarthost

  @Test
  void aSmarthostByNameTakesMailForAnyDomainWithoutAnMxLookup() throws Exception {
    String s = "smarthost-" + UUID.randomUUID();
    Route r = routing.server(new Settings.HostPort("mx.remote.test", postfix.mxPort()));
    try (ClientSession session = client.connect(((Route.Servers) r).hosts(), options)) {
      session.send("bob@example.test", List.of("carol@nomx.test"), message(s, "carol@nomx.test"));
    }
    postfix.awaitMessage("carol@nomx.test", x -> x.contains(s), 20);
  }

  @Test
  void credentialsAreNeverSentOverTlsWhoseCertificateIsNotTrusted() {
    SmtpClient.Options withPassword =
        new SmtpClient.Options(
            "mail.example.test", postfix.mxPort(), Duration.ofSeconds(30), false, "bob", "secret");
    Route r = routing.server(new Settings.HostPort("mx.remote.test", postfix.mxPort()));
    assertThatThrownBy(() -> client.connect(((Route.Servers) r).hosts(), withPassword))
        .isInstanceOfSatisfying(
            SmtpClient.Unreachable.class,
            e -> assertThat(e.reason().text()).contains("TLS with mx.remote.test"));
    assertThat(postfix.log()).doesNotContain("AUTH");
  }

  @Test
  void aTrustedCertificateForAnotherNameIsRefusedToo() throws Exception {
    peers.dns().addRecords(List.of("host-record=smarthost.test," + Peers.PEER_IP));
    SmtpClient trusting = new SmtpClient(trusting(postfix));
    SmtpClient.Options withPassword =
        new SmtpClient.Options(
            "mail.example.test", postfix.mxPort(), Duration.ofSeconds(30), false, "bob", "secret");
    Route wrongName = routing.server(new Settings.HostPort("smarthost.test", postfix.mxPort()));
    assertThatThrownBy(() -> trusting.connect(((Route.Servers) wrongName).hosts(), withPassword))
        .isInstanceOf(SmtpClient.Unreachable.class);
    Route rightName = routing.server(new Settings.HostPort("mx.remote.test", postfix.mxPort()));
    try (ClientSession session =
        trusting.connect(((Route.Servers) rightName).hosts(), withPassword)) {
      assertThat(session.isUsable()).isTrue();
    }
  }

  static SSLSocketFactory trusting(PostfixPeer peer) throws Exception {
    KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
    ks.load(null, null);
    try (InputStream in = Files.newInputStream(peer.certificate())) {
      ks.setCertificateEntry(
          "peer", CertificateFactory.getInstance("X.509").generateCertificate(in));
    }
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(ks);
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(null, tmf.getTrustManagers(), null);
    return ctx.getSocketFactory();
  }
}
