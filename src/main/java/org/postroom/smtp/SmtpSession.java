package org.postroom.smtp;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.postroom.core.DeliveryException;
import org.postroom.core.EmailAddress;
import org.postroom.core.RawMessage;
import org.postroom.core.SmtpStatus;
import org.postroom.smtp.SmtpBackend.Destination;
import org.postroom.smtp.SmtpBackend.Transcript;

/**
 * The rules of one SMTP connection, without the socket: which command may come when, who may send
 * to whom, and what a message must look like to be accepted. Each method answers with the reply the
 * client gets. The MX accepts mail for our own addresses only; the submission ports require TLS and
 * AUTH first and then accept any recipient, but only from the user's own addresses. Routing syntax
 * is refused on every port before any lookup. Not thread-safe: one per connection.
 */
public final class SmtpSession {
  private static final Logger LOG = Logger.getLogger(SmtpSession.class.getName());

  /** Messages up to this size wait in memory; bigger ones in a file. */
  static final int MEMORY_SPOOL_BYTES = 256 * 1024;

  /**
   * Refused recipients and senders written to the mail log per connection; a client that goes on
   * guessing addresses is answered but no longer costs a database write each time.
   */
  static final int MAX_REFUSALS_LOGGED = 200;

  private final Channel channel;
  private final String clientIp;
  private final SmtpBackend backend;
  private final boolean tlsAvailable;
  private final Path spoolDirectory;

  private boolean tls;
  private String tlsDetails;
  private String helo;
  private boolean extended;
  private SmtpBackend.User account;
  private Transaction transaction;
  private int refusalsLogged;

  /** What a finished DATA tells the connection. */
  public record DataOutcome(SmtpStatus reply, boolean close) {}

  /** One mail transaction, from MAIL to the end of DATA. */
  private static final class Transaction {
    final String mailId = TraceHeaders.newMailId();
    final String mailFrom;
    final Optional<EmailAddress> sender;
    final SmtpLimits limits;
    final Set<EmailAddress> recipients = new LinkedHashSet<>();

    Transaction(String mailFrom, Optional<EmailAddress> sender, SmtpLimits limits) {
      this.mailFrom = mailFrom;
      this.sender = sender;
      this.limits = limits;
    }
  }

  /**
   * @param tls whether the connection is already encrypted (implicit TLS)
   * @param tlsAvailable whether STARTTLS can be offered
   * @param spoolDirectory where large messages wait (null: the JVM's temporary directory)
   */
  public SmtpSession(
      Channel channel,
      String clientIp,
      SmtpBackend backend,
      boolean tls,
      String tlsDetails,
      boolean tlsAvailable,
      Path spoolDirectory) {
    this.channel = channel;
    this.clientIp = clientIp;
    this.backend = backend;
    this.tls = tls;
    this.tlsDetails = tlsDetails;
    this.tlsAvailable = tlsAvailable;
    this.spoolDirectory = spoolDirectory;
  }

  public Channel channel() {
    return channel;
  }

  public boolean isTls() {
    return tls;
  }

  public boolean isAuthenticated() {
    return account != null;
  }

  public boolean hasTransaction() {
    return transaction != null;
  }

  // ---- greeting and TLS

  /**
   * EHLO or HELO: forgets any transaction and answers with the capabilities (one per line, the
   * first being our name). Never CHUNKING or SMTPUTF8, which Postroom does not implement.
   */
  public List<String> hello(String argument, boolean extendedHello) {
    String name = argument == null ? "" : argument.strip();
    int space = name.indexOf(' ');
    if (space > 0) {
      name = name.substring(0, space);
    }
    if (name.isEmpty()) {
      throw new DeliveryException(SmtpReplies.HELO_SYNTAX);
    }
    transaction = null;
    helo = name;
    extended = extendedHello;
    List<String> lines = new ArrayList<>();
    lines.add(backend.hostname());
    if (!extendedHello) {
      return lines;
    }
    lines.add("PIPELINING");
    lines.add("SIZE " + backend.limits().maxMessageBytes());
    lines.add("8BITMIME");
    lines.add("ENHANCEDSTATUSCODES");
    if (tlsAvailable && !tls) {
      lines.add("STARTTLS");
    }
    if (channel.isSubmission() && tls && account == null) {
      lines.add("AUTH PLAIN LOGIN");
    }
    return lines;
  }

  /** STARTTLS may start only once, and only where it is offered. */
  public SmtpStatus startTlsAllowed() {
    if (tls) {
      return SmtpReplies.TLS_ACTIVE;
    }
    if (!tlsAvailable) {
      return SmtpReplies.NOT_IMPLEMENTED;
    }
    return SmtpReplies.TLS_READY;
  }

  /** After the handshake nothing said before counts (RFC 3207 4.2): the client greets again. */
  public void tlsStarted(String details) {
    tls = true;
    tlsDetails = details;
    helo = null;
    extended = false;
    account = null;
    transaction = null;
  }

  // ---- AUTH

  /** Whether AUTH with this mechanism may start now; OK when it may. */
  public SmtpStatus authAllowed(String mechanism) {
    if (!channel.isSubmission()) {
      return SmtpReplies.AUTH_NOT_HERE;
    }
    if (!tls) {
      return SmtpReplies.ENCRYPTION_REQUIRED;
    }
    if (helo == null) {
      return SmtpReplies.SEND_HELO_FIRST;
    }
    if (account != null) {
      return SmtpReplies.ALREADY_AUTHENTICATED;
    }
    if (transaction != null) {
      return SmtpReplies.NESTED_MAIL;
    }
    String m = mechanism.toUpperCase(Locale.ROOT);
    if (!m.equals("PLAIN") && !m.equals("LOGIN")) {
      return SmtpReplies.AUTH_MECHANISM;
    }
    return SmtpReplies.OK;
  }

  /** Checks the credentials; the reply is the same for an unknown user and a wrong password. */
  public SmtpStatus authenticate(Sasl.Credentials credentials) {
    SmtpBackend.Authentication a =
        backend.authenticate(clientIp, credentials.user(), credentials.password());
    if (a instanceof SmtpBackend.Authentication.Ok ok) {
      account = ok.user();
      return SmtpReplies.AUTH_OK;
    }
    LOG.info(
        () ->
            "smtp auth "
                + (a instanceof SmtpBackend.Authentication.Throttled ? "throttled" : "failed")
                + " channel="
                + channel.label()
                + " client="
                + clientIp);
    return a instanceof SmtpBackend.Authentication.Throttled
        ? SmtpReplies.AUTH_THROTTLED
        : SmtpReplies.AUTH_FAILED;
  }

  // ---- the mail transaction

  /** MAIL FROM. */
  public SmtpStatus mail(String argument) {
    if (helo == null) {
      return SmtpReplies.SEND_HELO_FIRST;
    }
    if (channel.isSubmission() && account == null) {
      return tls ? SmtpReplies.AUTH_REQUIRED : SmtpReplies.ENCRYPTION_REQUIRED;
    }
    if (transaction != null) {
      return SmtpReplies.NESTED_MAIL;
    }
    SmtpLimits limits = backend.limits();
    MailPath path;
    Optional<EmailAddress> sender;
    try {
      path = MailPath.parse(argument, "FROM:", SmtpReplies.MAIL_SYNTAX);
      sender = path.sender();
      checkMailParameters(path.parameters(), limits);
    } catch (DeliveryException e) {
      return e.status();
    }
    SmtpStatus refusal = null;
    if (backend.lowOnDisk()) {
      refusal = SmtpReplies.INSUFFICIENT_STORAGE;
    } else if (channel.isSubmission()) {
      Optional<Set<EmailAddress>> mine = backend.identities(account.id());
      if (mine.isEmpty()) {
        refusal = SmtpReplies.ACCOUNT_DISABLED;
      } else if (sender.isEmpty() || !mine.get().contains(sender.get())) {
        refusal = SmtpReplies.SENDER_NOT_OWNED;
      }
    } else {
      refusal = backend.checkSender(client(), sender).orElse(null);
    }
    if (refusal != null) {
      logRefusal(
          transcript(TraceHeaders.newMailId(), path.path(), List.of(""), null, null, refusal));
      return refusal;
    }
    transaction = new Transaction(path.path(), sender, limits);
    return SmtpReplies.SENDER_OK;
  }

  private void checkMailParameters(Map<String, String> params, SmtpLimits limits) {
    for (Map.Entry<String, String> p : params.entrySet()) {
      String v = p.getValue();
      switch (p.getKey()) {
        case "SIZE" -> {
          if (v == null || !v.matches("\\d{1,19}")) {
            throw new DeliveryException(SmtpReplies.MAIL_SYNTAX);
          }
          if (v.length() > 18 || Long.parseLong(v) > limits.maxMessageBytes()) {
            throw new DeliveryException(SmtpReplies.MESSAGE_TOO_BIG);
          }
        }
        case "BODY" -> {
          if (v == null || !(v.equalsIgnoreCase("7BIT") || v.equalsIgnoreCase("8BITMIME"))) {
            throw new DeliveryException(SmtpReplies.MAIL_SYNTAX);
          }
        }
        case "AUTH" -> {
          // RFC 4954 5: accepted and ignored where AUTH is offered
          if (!channel.isSubmission()) {
            throw new DeliveryException(SmtpReplies.UNKNOWN_PARAMETER);
          }
        }
        default -> throw new DeliveryException(SmtpReplies.UNKNOWN_PARAMETER);
      }
    }
  }

  /** RCPT TO. */
  public SmtpStatus rcpt(String argument) {
    Transaction t = transaction;
    if (t == null) {
      return SmtpReplies.NEED_MAIL;
    }
    String given = argument;
    SmtpStatus reply;
    try {
      MailPath path = MailPath.parse(argument, "TO:", SmtpReplies.RCPT_SYNTAX);
      given = path.path();
      if (!path.parameters().isEmpty()) {
        throw new DeliveryException(SmtpReplies.UNKNOWN_PARAMETER);
      }
      EmailAddress rcpt = path.recipient(backend.domain());
      given = rcpt.toString();
      if (t.recipients.contains(rcpt)) {
        return SmtpReplies.RECIPIENT_OK;
      }
      if (t.recipients.size() >= t.limits.maxRecipients()) {
        throw new DeliveryException(SmtpReplies.TOO_MANY_RECIPIENTS);
      }
      Destination d = backend.destination(rcpt);
      reply = accept(d);
      if (d == Destination.LOCAL && !channel.isSubmission()) {
        reply = backend.checkRecipient(client(), t.sender, rcpt).orElse(reply);
      }
      if (reply.isPositive()) {
        t.recipients.add(rcpt);
        return reply;
      }
    } catch (DeliveryException e) {
      reply = e.status();
      if (reply == SmtpReplies.RCPT_SYNTAX) {
        return reply;
      }
    }
    logRefusal(transcript(t.mailId, t.mailFrom, List.of(given), null, null, reply));
    return reply;
  }

  private void logRefusal(Transcript e) {
    if (++refusalsLogged <= MAX_REFUSALS_LOGGED) {
      backend.refused(e);
    } else if (refusalsLogged == MAX_REFUSALS_LOGGED + 1) {
      LOG.info(
          () -> "smtp: no more refusals logged for client " + clientIp + " on this connection");
    }
  }

  private SmtpStatus accept(Destination d) {
    return switch (d) {
      case LOCAL -> SmtpReplies.RECIPIENT_OK;
      case UNKNOWN -> SmtpReplies.NO_SUCH_USER;
      case MAILBOX_FULL -> SmtpStatus.MAILBOX_FULL;
      case REMOTE -> account != null ? SmtpReplies.RECIPIENT_OK : SmtpReplies.RELAY_DENIED;
    };
  }

  /** DATA: whether the client may send the message now ({@code 354}) or why not. */
  public SmtpStatus dataAllowed() {
    if (transaction == null) {
      return SmtpReplies.NEED_MAIL;
    }
    if (transaction.recipients.isEmpty()) {
      return SmtpReplies.NO_VALID_RECIPIENTS;
    }
    if (backend.lowOnDisk()) {
      transaction = null;
      return SmtpReplies.INSUFFICIENT_STORAGE;
    }
    return SmtpReplies.START_DATA;
  }

  /**
   * Reads the message after {@code 354}, checks it and stores it. The transaction ends here
   * whatever the outcome. The reply is 250 only after the store has committed.
   *
   * @throws IOException when the connection breaks while reading (nothing is stored)
   */
  public DataOutcome data(InputStream in) throws IOException {
    Transaction t = transaction;
    transaction = null;
    SmtpLimits limits = t.limits;
    try (Spool spool = new Spool(MEMORY_SPOOL_BYTES, spoolDirectory)) {
      DataReader.Result r =
          new DataReader(limits.maxMessageBytes(), limits.maxLineLength()).read(in, spool);
      DataReader.Headers h = r.headers();
      SmtpStatus refusal =
          switch (r.problem()) {
            case BARE_LINE_ENDING -> SmtpReplies.BARE_LINE_ENDING;
            case TOO_BIG -> SmtpReplies.MESSAGE_TOO_BIG;
            case LINE_TOO_LONG -> SmtpReplies.LINE_TOO_LONG;
            case NONE -> null;
          };
      if (refusal == null && spool.failure() != null) {
        LOG.log(Level.WARNING, "cannot spool message " + t.mailId, spool.failure());
        refusal = SmtpReplies.INSUFFICIENT_STORAGE;
      }
      if (refusal == null && h.received() > limits.maxHops()) {
        refusal = SmtpReplies.TOO_MANY_HOPS;
      }
      Set<EmailAddress> mine = Set.of();
      if (refusal == null && channel.isSubmission()) {
        mine = backend.identities(account.id()).orElse(Set.of());
        refusal =
            mine.isEmpty()
                ? SmtpReplies.ACCOUNT_DISABLED
                : fromHeaderBelongs(h, mine) ? null : SmtpReplies.FROM_NOT_OWNED;
      }
      if (refusal != null) {
        backend.refused(transcript(t, h.messageId(), r.octets(), refusal));
        return new DataOutcome(refusal, !r.complete());
      }
      return new DataOutcome(store(t, spool.message(), h, r.octets()), false);
    }
  }

  /** RFC 5322 allows one From field; in submitted mail every address in it must be the user's. */
  private static boolean fromHeaderBelongs(DataReader.Headers h, Set<EmailAddress> mine) {
    if (h.fromFields() == 0) {
      return true; // one is added
    }
    if (h.fromFields() > 1) {
      return false;
    }
    try {
      InternetAddress[] list = InternetAddress.parseHeader(h.from(), false);
      if (list.length == 0) {
        return false;
      }
      for (InternetAddress a : list) {
        Optional<EmailAddress> e = EmailAddress.parse(a.getAddress());
        if (e.isEmpty() || !mine.contains(e.get())) {
          return false;
        }
      }
      return true;
    } catch (AddressException e) {
      return false;
    }
  }

  private SmtpStatus store(Transaction t, RawMessage body, DataReader.Headers h, long octets) {
    ZonedDateTime now = ZonedDateTime.now();
    String host = backend.hostname();
    TraceHeaders.Connection c =
        new TraceHeaders.Connection(helo, clientIp, extended, tls, tlsDetails, account != null);
    String only = t.recipients.size() == 1 ? t.recipients.iterator().next().toString() : null;
    byte[] trace = TraceHeaders.received(c, host, t.mailId, only, now);
    String messageId = h.messageId();
    if (channel.isSubmission()) {
      String added = messageId == null ? TraceHeaders.messageId(host, now) : null;
      String from = h.fromFields() == 0 ? t.sender.get().toString() : null;
      trace = concat(trace, TraceHeaders.missing(!h.hasDate(), added, from, now));
      messageId = added == null ? messageId : added;
    }
    SmtpStatus ok = SmtpReplies.queued(t.mailId);
    try {
      backend.deliver(
          new SmtpBackend.Message(
              transcript(t, messageId, octets, ok),
              t.sender,
              List.copyOf(t.recipients),
              trace,
              body));
      return ok;
    } catch (DeliveryException e) {
      if (e.getCause() != null) {
        LOG.log(Level.WARNING, "message " + t.mailId + " not stored: " + e.status(), e);
      }
      backend.refused(transcript(t, messageId, octets, e.status()));
      return e.status();
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "storing message " + t.mailId + " failed", e);
      SmtpStatus failed = SmtpReplies.localError(t.mailId);
      try {
        backend.refused(transcript(t, messageId, octets, failed));
      } catch (RuntimeException again) {
        e.addSuppressed(again);
      }
      return failed;
    }
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = new byte[a.length + b.length];
    System.arraycopy(a, 0, out, 0, a.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  /** RSET. */
  public void reset() {
    transaction = null;
  }

  // ---- mail log

  private SmtpBackend.Client client() {
    return new SmtpBackend.Client(channel, clientIp, helo, account);
  }

  private Transcript transcript(Transaction t, String messageId, long octets, SmtpStatus status) {
    return transcript(
        t.mailId,
        t.mailFrom,
        t.recipients.stream().map(EmailAddress::toString).toList(),
        messageId,
        octets,
        status);
  }

  private Transcript transcript(
      String mailId,
      String mailFrom,
      List<String> recipients,
      String messageId,
      Long size,
      SmtpStatus status) {
    return new Transcript(mailId, client(), mailFrom, recipients, messageId, size, status);
  }
}
