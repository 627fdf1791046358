package org.postroom.smtp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.postroom.core.DeliveryException;
import org.postroom.core.EmailAddress;
import org.postroom.core.SmtpStatus;

/**
 * The session rules with an in-memory backend: the relay rules, submission ownership, limits and
 * trace headers, one command at a time. The real store is exercised by the black-box tests.
 */
class SmtpSessionTest {
  /** Our domain example.test: alice (id 1, also team@), bob (id 2, full); the rest is remote. */
  static final class Backend implements SmtpBackend {
    final List<EmailAddress> looked = new ArrayList<>();
    final List<String> delivered = new ArrayList<>();
    final List<String> reversePaths = new ArrayList<>();
    final List<SmtpBackend.Transcript> log = new ArrayList<>();
    SmtpLimits limits = new SmtpLimits(10_000, 3, 998, 5);
    boolean lowOnDisk;
    DeliveryException failure;
    final Map<Long, Set<EmailAddress>> identities = new HashMap<>();

    /** Sender domains the MX's checks refuse at MAIL, with the reply. */
    final Map<String, SmtpStatus> badSenderDomains = new HashMap<>();

    /** Client addresses the MX's checks refuse at RCPT, with the reply. */
    final Map<String, SmtpStatus> blockedClients = new HashMap<>();

    final List<String> checksAsked = new ArrayList<>();

    Backend() {
      identities.put(
          1L, Set.of(EmailAddress.of("alice@example.test"), EmailAddress.of("team@example.test")));
    }

    @Override
    public String domain() {
      return "example.test";
    }

    @Override
    public String hostname() {
      return "mail.example.test";
    }

    @Override
    public SmtpLimits limits() {
      return limits;
    }

    @Override
    public boolean lowOnDisk() {
      return lowOnDisk;
    }

    @Override
    public Destination destination(EmailAddress r) {
      looked.add(r);
      if (!r.isIn("example.test")) {
        return Destination.REMOTE;
      }
      return switch (r.localPart()) {
        case "alice", "team", "postmaster" -> Destination.LOCAL;
        case "bob" -> Destination.MAILBOX_FULL;
        default -> Destination.UNKNOWN;
      };
    }

    @Override
    public Optional<SmtpStatus> checkSender(Client client, Optional<EmailAddress> sender) {
      checksAsked.add("MAIL " + sender.map(EmailAddress::toString).orElse(""));
      return sender.map(a -> badSenderDomains.get(a.domain()));
    }

    @Override
    public Optional<SmtpStatus> checkRecipient(
        Client client, Optional<EmailAddress> sender, EmailAddress recipient) {
      checksAsked.add("RCPT " + recipient + " from " + client.ip() + " " + client.helo());
      return Optional.ofNullable(blockedClients.get(client.ip()));
    }

    @Override
    public Authentication authenticate(String clientIp, String user, String password) {
      if (user.equals("alice@example.test") && password.equals("right")) {
        return new Authentication.Ok(new User(1, EmailAddress.of(user)));
      }
      return password.equals("throttled")
          ? new Authentication.Throttled()
          : new Authentication.Failed();
    }

    @Override
    public Optional<Set<EmailAddress>> identities(long accountId) {
      return Optional.ofNullable(identities.get(accountId));
    }

    @Override
    public void deliver(Message m) {
      if (failure != null) {
        throw failure;
      }
      try {
        delivered.add(
            new String(m.trace(), StandardCharsets.ISO_8859_1)
                + new String(m.body().bytes(), StandardCharsets.ISO_8859_1));
      } catch (IOException ex) {
        throw new AssertionError(ex);
      }
      reversePaths.add(m.sender().map(EmailAddress::toString).orElse(""));
      log.add(m.transcript());
    }

    @Override
    public void refused(Transcript t) {
      log.add(t);
    }

    /** The recipients of every transcript, in order: one mail log line each. */
    List<String> loggedRecipients() {
      return log.stream().flatMap(t -> t.recipients().stream()).toList();
    }
  }

  final Backend backend = new Backend();

  SmtpSession mx() {
    SmtpSession s = new SmtpSession(Channel.MX, "127.0.0.9", backend, false, null, true, null);
    s.hello("client.test", true);
    return s;
  }

  SmtpSession submission() {
    SmtpSession s =
        new SmtpSession(Channel.SUBMISSION, "127.0.0.9", backend, false, null, true, null);
    s.tlsStarted("using TLSv1.3 with cipher TLS_AES_128_GCM_SHA256");
    s.hello("laptop", true);
    assertThat(s.authenticate(new Sasl.Credentials("alice@example.test", "right")))
        .isEqualTo(SmtpReplies.AUTH_OK);
    return s;
  }

  static SmtpSession.DataOutcome data(SmtpSession s, String message) throws IOException {
    assertThat(s.dataAllowed()).isEqualTo(SmtpReplies.START_DATA);
    return s.data(new ByteArrayInputStream(message.getBytes(StandardCharsets.ISO_8859_1)));
  }

  @Test
  void ehloOffersNeitherChunkingNorSmtputf8AndAuthOnlyInsideTls() {
    SmtpSession plain =
        new SmtpSession(Channel.SUBMISSION, "127.0.0.9", backend, false, null, true, null);
    List<String> before = plain.hello("laptop", true);
    assertThat(before).contains("STARTTLS", "SIZE 10000", "PIPELINING", "ENHANCEDSTATUSCODES");
    assertThat(String.join(" ", before)).doesNotContain("CHUNKING", "SMTPUTF8", "AUTH");
    assertThat(plain.authAllowed("PLAIN")).isEqualTo(SmtpReplies.ENCRYPTION_REQUIRED);
    plain.tlsStarted("tls");
    assertThat(plain.mail("FROM:<alice@example.test>")).isEqualTo(SmtpReplies.SEND_HELO_FIRST);
    List<String> after = plain.hello("laptop", true);
    assertThat(after).contains("AUTH PLAIN LOGIN").doesNotContain("STARTTLS");
    assertThat(String.join(" ", mx().hello("x", true))).doesNotContain("AUTH");
  }

  @Test
  void theMxTakesMailForOurAddressesOnly() {
    SmtpSession s = mx();
    assertThat(s.mail("FROM:<someone@remote.test>")).isEqualTo(SmtpReplies.SENDER_OK);
    assertThat(s.rcpt("TO:<alice@example.test>")).isEqualTo(SmtpReplies.RECIPIENT_OK);
    assertThat(s.rcpt("TO:<nobody@example.test>").line()).startsWith("550 5.1.1");
    assertThat(s.rcpt("TO:<bob@example.test>").line()).startsWith("452 4.2.2");
    assertThat(s.rcpt("TO:<carol@remote.test>").line()).startsWith("554 5.7.1");
    assertThat(backend.loggedRecipients())
        .containsExactly("nobody@example.test", "bob@example.test", "carol@remote.test");
    assertThat(backend.log).extracting(t -> t.status().code()).containsExactly(550, 452, 554);
  }

  @Test
  void theMxsEnvelopeChecksRefuseBeforeDataAndAreLogged() {
    SmtpStatus unknown = SmtpStatus.of(550, "5.1.8", "Sender address rejected: no such domain");
    backend.badSenderDomains.put("nowhere.test", unknown);
    SmtpSession s = mx();
    assertThat(s.mail("FROM:<a@nowhere.test>")).isEqualTo(unknown);
    assertThat(s.hasTransaction()).isFalse();
    SmtpStatus listed = SmtpStatus.of(554, "5.7.1", "client blocked using bl.test");
    backend.blockedClients.put("127.0.0.9", listed);
    assertThat(s.mail("FROM:<a@remote.test>")).isEqualTo(SmtpReplies.SENDER_OK);
    assertThat(s.rcpt("TO:<alice@example.test>")).isEqualTo(listed);
    assertThat(s.rcpt("TO:<nobody@example.test>").line()).startsWith("550 5.1.1");
    assertThat(s.dataAllowed()).isEqualTo(SmtpReplies.NO_VALID_RECIPIENTS);
    assertThat(backend.checksAsked)
        .as("only our existing recipients are checked, with the client's address and HELO")
        .containsExactly(
            "MAIL a@nowhere.test",
            "MAIL a@remote.test",
            "RCPT alice@example.test from 127.0.0.9 client.test");
    assertThat(backend.log)
        .extracting(t -> t.status().line())
        .containsExactly(unknown.line(), listed.line(), SmtpStatus.NO_SUCH_USER.line());
  }

  @Test
  void submissionIsNeverAskedTheMxsChecks() throws IOException {
    backend.blockedClients.put("127.0.0.9", SmtpStatus.of(554, "5.7.1", "blocked"));
    SmtpSession s = submission();
    assertThat(s.mail("FROM:<alice@example.test>")).isEqualTo(SmtpReplies.SENDER_OK);
    assertThat(s.rcpt("TO:<alice@example.test>")).isEqualTo(SmtpReplies.RECIPIENT_OK);
    assertThat(data(s, "Subject: x\r\n\r\nhi\r\n.\r\n").reply().code()).isEqualTo(250);
    assertThat(backend.checksAsked).isEmpty();
  }

  @Test
  void aClientGuessingAddressesIsAnsweredButStopsCostingLogWrites() {
    SmtpSession s = mx();
    s.mail("FROM:<a@remote.test>");
    for (int i = 0; i < 250; i++) {
      assertThat(s.rcpt("TO:<guess" + i + "@example.test>").code()).isEqualTo(550);
    }
    assertThat(backend.loggedRecipients()).hasSize(SmtpSession.MAX_REFUSALS_LOGGED);
  }

  @Test
  void routingSyntaxIsRefusedBeforeAnyLookupOnEveryPort() {
    for (SmtpSession s : List.of(mx(), submission())) {
      s.mail("FROM:<alice@example.test>");
      for (String trick :
          List.of(
              "user%remote.test@example.test",
              "@example.test:user@remote.test",
              "\"user@remote.test\"@example.test",
              "remote.test!user@example.test",
              "alice@example.test.",
              "alice@[127.0.0.1]",
              "alice")) {
        assertThat(s.rcpt("TO:<" + trick + ">")).as(trick).isEqualTo(SmtpReplies.ROUTING_REFUSED);
      }
    }
    assertThat(backend.looked).isEmpty();
  }

  @Test
  void submissionNeedsTlsAndAuthAndTheUsersOwnSender() {
    SmtpSession plain =
        new SmtpSession(Channel.SUBMISSION, "127.0.0.9", backend, false, null, true, null);
    plain.hello("laptop", true);
    assertThat(plain.mail("FROM:<alice@example.test>").line()).startsWith("538 5.7.11");
    plain.tlsStarted("tls");
    plain.hello("laptop", true);
    assertThat(plain.mail("FROM:<alice@example.test>").line()).startsWith("530 5.7.0");
    assertThat(plain.authenticate(new Sasl.Credentials("nobody@example.test", "x")))
        .isEqualTo(plain.authenticate(new Sasl.Credentials("alice@example.test", "wrong")))
        .isEqualTo(SmtpReplies.AUTH_FAILED);
    assertThat(plain.authenticate(new Sasl.Credentials("alice@example.test", "throttled")).line())
        .startsWith("454 4.7.0");

    SmtpSession s = submission();
    assertThat(s.mail("FROM:<bob@example.test>").line()).startsWith("553 5.7.1");
    assertThat(s.mail("FROM:<>").line()).startsWith("553 5.7.1");
    assertThat(s.mail("FROM:<team@example.test>")).isEqualTo(SmtpReplies.SENDER_OK);
    assertThat(s.rcpt("TO:<carol@remote.test>")).isEqualTo(SmtpReplies.RECIPIENT_OK);
  }

  @Test
  void aDisabledAccountCannotSubmit() {
    SmtpSession s = submission();
    backend.identities.remove(1L);
    assertThat(s.mail("FROM:<alice@example.test>")).isEqualTo(SmtpReplies.ACCOUNT_DISABLED);
  }

  @Test
  void limitsAreEnforced() {
    SmtpSession s = mx();
    assertThat(s.mail("FROM:<a@remote.test> SIZE=10001")).isEqualTo(SmtpReplies.MESSAGE_TOO_BIG);
    assertThat(s.mail("FROM:<a@remote.test> SMTPUTF8").line()).startsWith("555 5.5.4");
    assertThat(s.mail("FROM:<a@remote.test> SIZE=10000")).isEqualTo(SmtpReplies.SENDER_OK);
    s.rcpt("TO:<alice@example.test>");
    s.rcpt("TO:<team@example.test>");
    s.rcpt("TO:<postmaster@example.test>");
    assertThat(s.rcpt("TO:<alice@example.test>")).isEqualTo(SmtpReplies.RECIPIENT_OK);
    assertThat(s.rcpt("TO:<Postmaster>")).isEqualTo(SmtpReplies.RECIPIENT_OK);
    assertThat(s.rcpt("TO:<other@example.test>").line()).startsWith("452 4.5.3");
    backend.lowOnDisk = true;
    assertThat(s.dataAllowed().line()).startsWith("452 4.3.1");
    assertThat(s.hasTransaction()).isFalse();
    assertThat(s.mail("FROM:<a@remote.test>").line()).startsWith("452 4.3.1");
  }

  @Test
  void anAcceptedMessageGetsAReceivedFieldAndIsStoredBeforeThe250() throws IOException {
    SmtpSession s = mx();
    s.mail("FROM:<someone@remote.test>");
    s.rcpt("TO:<alice@example.test>");
    SmtpSession.DataOutcome o = data(s, "Subject: hi\r\n\r\nbody\r\n.\r\n");
    assertThat(o.reply().line()).startsWith("250 2.0.0 Ok: queued as ");
    assertThat(backend.delivered).hasSize(1);
    String stored = backend.delivered.get(0);
    assertThat(stored)
        .startsWith(
            "Received: from client.test ([127.0.0.9])\r\n\tby mail.example.test (Postroom) with ESMTP id ")
        .contains("\r\n\tfor <alice@example.test>; ")
        .endsWith("Subject: hi\r\n\r\nbody\r\n")
        .doesNotContain("Message-ID");
    String id = o.reply().text().substring("Ok: queued as ".length());
    assertThat(stored).contains(" id " + id);
    assertThat(backend.log)
        .singleElement()
        .satisfies(
            e -> {
              assertThat(e.mailId()).isEqualTo(id);
              assertThat(e.status()).isEqualTo(o.reply());
              assertThat(e.recipients()).containsExactly("alice@example.test");
              assertThat(e.client().helo()).isEqualTo("client.test");
            });
    assertThat(s.hasTransaction()).isFalse();
  }

  @Test
  void aRefusedStoreIsTheReplyAndTheTransactionEnds() throws IOException {
    SmtpSession s = mx();
    s.mail("FROM:<someone@remote.test>");
    s.rcpt("TO:<alice@example.test>");
    backend.failure = new DeliveryException(SmtpStatus.of(451, "4.4.0", "relay not yet"));
    assertThat(data(s, "x\r\n.\r\n").reply().line()).isEqualTo("451 4.4.0 relay not yet");
    assertThat(backend.log)
        .singleElement()
        .satisfies(t -> assertThat(t.status().line()).isEqualTo("451 4.4.0 relay not yet"));
    assertThat(backend.delivered).isEmpty();
    assertThat(s.mail("FROM:<someone@remote.test>")).isEqualTo(SmtpReplies.SENDER_OK);
  }

  @Test
  void submittedMailGetsDateAndMessageIdAndMustBeFromTheUser() throws IOException {
    SmtpSession s = submission();
    s.mail("FROM:<alice@example.test>");
    s.rcpt("TO:<carol@remote.test>");
    assertThat(data(s, "From: Bob <bob@example.test>\r\n\r\nhi\r\n.\r\n").reply())
        .isEqualTo(SmtpReplies.FROM_NOT_OWNED);
    s.mail("FROM:<alice@example.test>");
    s.rcpt("TO:<carol@remote.test>");
    assertThat(
            data(s, "From: Alice <alice@example.test>, bob@example.test\r\n\r\nhi\r\n.\r\n")
                .reply())
        .isEqualTo(SmtpReplies.FROM_NOT_OWNED);
    s.mail("FROM:<alice@example.test>");
    s.rcpt("TO:<carol@remote.test>");
    assertThat(
            data(s, "From: Team <TEAM@example.test>\r\nSubject: x\r\n\r\nhi\r\n.\r\n")
                .reply()
                .code())
        .isEqualTo(250);
    String stored = backend.delivered.get(0);
    assertThat(stored)
        .contains("with ESMTPSA id ", "(using TLSv1.3 with cipher TLS_AES_128_GCM_SHA256)");
    assertThat(stored)
        .containsPattern("\r\nDate: \\w{3}, \\d{1,2} \\w{3} \\d{4} [\\d:]{8} \\+0000\r\n");
    assertThat(stored).containsPattern("\r\nMessage-ID: <[0-9a-z.]+@mail\\.example\\.test>\r\n");
    assertThat(backend.reversePaths.get(0)).isEqualTo("alice@example.test");
    s.mail("FROM:<alice@example.test>");
    s.rcpt("TO:<carol@remote.test>");
    data(s, "Subject: no from\r\nMessage-ID: <mine@laptop>\r\nDate: x\r\n\r\nhi\r\n.\r\n");
    assertThat(backend.delivered.get(1))
        .contains("From: <alice@example.test>\r\n")
        .doesNotContain("@mail.example.test>")
        .containsOnlyOnce("Date:");
  }

  @Test
  void tooManyHopsIsAMailLoop() throws IOException {
    SmtpSession s = mx();
    s.mail("FROM:<a@remote.test>");
    s.rcpt("TO:<alice@example.test>");
    assertThat(data(s, "Received: x\r\n".repeat(5) + "\r\nok\r\n.\r\n").reply().code())
        .isEqualTo(250);
    s.mail("FROM:<a@remote.test>");
    s.rcpt("TO:<alice@example.test>");
    assertThat(data(s, "Received: x\r\n".repeat(6) + "\r\nloop\r\n.\r\n").reply())
        .isEqualTo(SmtpReplies.TOO_MANY_HOPS);
    assertThat(backend.delivered).hasSize(1);
  }

  @Test
  void aBareLineFeedClosesTheConnection() throws IOException {
    SmtpSession s = mx();
    s.mail("FROM:<a@remote.test>");
    s.rcpt("TO:<alice@example.test>");
    SmtpSession.DataOutcome o = data(s, "hi\n.\nMAIL FROM:<x@remote.test>\r\n.\r\n");
    assertThat(o.reply()).isEqualTo(SmtpReplies.BARE_LINE_ENDING);
    assertThat(o.close()).isTrue();
    assertThat(backend.delivered).isEmpty();
  }

  @Test
  void starttlsForgetsEverythingSaidBefore() {
    SmtpSession s = new SmtpSession(Channel.MX, "127.0.0.9", backend, false, null, true, null);
    s.hello("x", true);
    s.mail("FROM:<a@remote.test>");
    assertThat(s.startTlsAllowed()).isEqualTo(SmtpReplies.TLS_READY);
    s.tlsStarted("tls");
    assertThat(s.hasTransaction()).isFalse();
    assertThat(s.rcpt("TO:<alice@example.test>")).isEqualTo(SmtpReplies.NEED_MAIL);
    assertThat(s.mail("FROM:<a@remote.test>")).isEqualTo(SmtpReplies.SEND_HELO_FIRST);
    assertThat(s.startTlsAllowed()).isEqualTo(SmtpReplies.TLS_ACTIVE);
  }
}
