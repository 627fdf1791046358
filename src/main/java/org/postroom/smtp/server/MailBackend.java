package org.postroom.smtp.server;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadFactory;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.postroom.account.Account;
import org.postroom.account.AccountService;
import org.postroom.account.Quota;
import org.postroom.account.RecipientResolver;
import org.postroom.account.SignIn;
import org.postroom.config.Setting;
import org.postroom.core.DeliveryException;
import org.postroom.core.EmailAddress;
import org.postroom.core.RawMessage;
import org.postroom.core.SmtpStatus;
import org.postroom.db.DataAccessException;
import org.postroom.db.Database;
import org.postroom.db.GroupCommit;
import org.postroom.deliverability.InboundAuthentication;
import org.postroom.deliverability.InboundChecks;
import org.postroom.delivery.Envelope;
import org.postroom.delivery.MailRouter;
import org.postroom.delivery.MessageSent;
import org.postroom.maillog.MailLog;
import org.postroom.maillog.MailLogEntry;
import org.postroom.runtime.ServerSettings;
import org.postroom.smtp.SmtpBackend;
import org.postroom.smtp.SmtpLimits;
import org.postroom.spam.ContentFilter;
import org.postroom.spam.MxChecks;
import org.postroom.spam.Rspamd;

/**
 * The SMTP engine's {@link SmtpBackend} over the rest of Postroom: runtime settings, the recipient
 * resolver, sign-in, the MX's connection, envelope and sender checks, the mail router and the mail
 * log. A message and its log lines commit in one transaction.
 */
@ApplicationScoped
public class MailBackend implements SmtpBackend {
  private static final Logger LOG = Logger.getLogger(MailBackend.class.getName());
  private static final long DISK_CHECK_MILLIS = 1000;
  private static final Duration AUTH_WINDOW = Duration.ofMinutes(1);

  @Inject ServerSettings settings;
  @Inject Database db;
  @Inject RecipientResolver resolver;
  @Inject MailRouter router;
  @Inject AccountService accounts;
  @Inject Quota quota;
  @Inject SignIn signIn;
  @Inject MailLog mailLog;
  @Inject InboundAuthentication inbound;
  @Inject MxChecks mxChecks;
  @Inject ContentFilter contentFilter;
  @Inject Event<MessageSent> sent;

  private GroupCommit groupCommit;
  private volatile long diskCheckedAt;
  private volatile boolean lowOnDisk;

  @PostConstruct
  void init() {
    groupCommit = new GroupCommit(db, "smtp-group-commit");
  }

  /** Shares commits between messages accepted at the same time (see {@link GroupCommit}). */
  void startGroupCommit(ThreadFactory threads) {
    groupCommit.start(threads);
  }

  void stopGroupCommit(long millis) {
    groupCommit.stop(Duration.ofMillis(millis));
  }

  @Override
  public String domain() {
    return settings.domain().orElse("");
  }

  @Override
  public String hostname() {
    return settings.hostname();
  }

  @Override
  public SmtpLimits limits() {
    long size = settings.bytes(Setting.SMTP_MAX_MESSAGE_SIZE);
    return new SmtpLimits(
        size,
        settings.integer(Setting.SMTP_MAX_RECIPIENTS),
        settings.integer(Setting.SMTP_MAX_LINE_LENGTH),
        settings.integer(Setting.SMTP_MAX_HOPS));
  }

  /** Free space of the data directory, looked at no more than once a second. */
  @Override
  public boolean lowOnDisk() {
    long now = System.currentTimeMillis();
    if (now - diskCheckedAt > DISK_CHECK_MILLIS) {
      Path dir = settings.process().dataDir();
      try {
        lowOnDisk =
            Files.getFileStore(dir).getUsableSpace() < settings.bytes(Setting.SMTP_MIN_FREE_DISK);
      } catch (IOException e) {
        LOG.log(Level.WARNING, "cannot see the free space of " + dir, e);
        lowOnDisk = true;
      }
      diskCheckedAt = now;
    }
    return lowOnDisk;
  }

  @Override
  public Destination destination(EmailAddress recipient) {
    if (!resolver.isLocalDomain(recipient)) {
      return Destination.REMOTE;
    }
    return db.read(
        c -> {
          if (!(resolver.resolve(c, recipient)
              instanceof RecipientResolver.Resolution.Local local)) {
            return Destination.UNKNOWN;
          }
          for (long id : local.accountIds()) {
            if (quota.isFull(c, id)) {
              return Destination.MAILBOX_FULL;
            }
          }
          return Destination.LOCAL;
        });
  }

  @Override
  public Optional<SmtpStatus> checkSender(Client client, Optional<EmailAddress> sender) {
    return mxChecks.atMail(sender);
  }

  @Override
  public Optional<SmtpStatus> checkRecipient(
      Client client, Optional<EmailAddress> sender, EmailAddress recipient) {
    return mxChecks.atRcpt(addressOf(client.ip()), client.helo(), sender, recipient);
  }

  @Override
  public Authentication authenticate(String clientIp, String user, String password) {
    SignIn.Result r =
        signIn.check(
            "smtp",
            clientIp,
            user,
            password,
            settings.integer(Setting.SMTP_AUTH_MAX_FAILURES),
            AUTH_WINDOW);
    return switch (r.outcome()) {
      case OK ->
          new Authentication.Ok(new SmtpBackend.User(r.account().id(), r.account().address()));
      case THROTTLED -> new Authentication.Throttled();
      case FAILED -> new Authentication.Failed();
    };
  }

  @Override
  public Optional<Set<EmailAddress>> identities(long accountId) {
    return accounts
        .byId(accountId)
        .filter(Account::enabled)
        .map(a -> accounts.identitiesOf(accountId));
  }

  /**
   * The MX's sender checks decide first (SPF, DKIM, DMARC: reject, Junk or Inbox, with our
   * Authentication-Results right under our Received field); then the router stores the message and
   * the mail log its lines, in a commit shared with messages accepted at the same moment.
   */
  @Override
  public void deliver(Message m) {
    Envelope envelope =
        new Envelope(m.sender().map(EmailAddress::toString).orElse(""), m.recipients());
    RawMessage message = m.body();
    boolean quarantine = false;
    if (!m.isSubmission()) {
      InboundChecks.Verdict v =
          inbound.check(
              addressOf(m.transcript().client().ip()),
              m.transcript().client().helo(),
              envelope.reversePath(),
              m.body());
      if (v.action() == InboundChecks.Action.REJECT
          || v.action() == InboundChecks.Action.TEMPFAIL) {
        throw new DeliveryException(v.status());
      }
      quarantine = v.action() == InboundChecks.Action.QUARANTINE;
      message = v.message();
    }
    Long submitter = m.isSubmission() ? m.transcript().client().user().id() : null;
    ContentFilter.Decision scanned = scan(m, message.withPrefix(m.trace()));
    if (scanned.refusal() != null) {
      throw new DeliveryException(scanned.refusal());
    }
    quarantine |= scanned.junk();
    // the filter's fields above our Received field: nothing a sender wrote can be taken for them
    RawMessage stored = message.withPrefix(concat(scanned.fields(), m.trace()));
    List<MailLogEntry> lines = lines(m.transcript());
    boolean junk = quarantine;
    try {
      groupCommit.commit(
          c -> {
            if (junk) {
              router.quarantine(envelope, stored);
            } else if (submitter != null) {
              router.submitted(envelope, stored, submitter);
            } else {
              router.route(envelope, stored, null);
            }
            mailLog.insert(c, lines);
          });
    } catch (DataAccessException e) {
      throw new DeliveryException(SmtpStatus.LOCAL_ERROR, e);
    }
    mailLog.committed(lines);
    if (submitter != null) {
      // a mail program's submission counts as sent mail, like the webmail's: the address book
      // remembers its recipients (with the names its headers give), asynchronously, so the 250
      // reply does not wait for it
      sent.fireAsync(MessageSent.named(submitter, envelope.recipients(), message));
    }
  }

  /** rspamd's decision on a message as it would be stored (see {@link ContentFilter}). */
  private ContentFilter.Decision scan(Message m, RawMessage asStored) {
    SmtpBackend.Client who = m.transcript().client();
    return contentFilter.scan(
        asStored,
        new Rspamd.Envelope(
            who.ip(),
            who.helo(),
            m.sender().map(EmailAddress::toString).orElse(""),
            m.recipients().stream().map(EmailAddress::toString).toList(),
            who.user() == null ? null : who.user().address().toString()),
        m.isSubmission());
  }

  private static byte[] concat(byte[] a, byte[] b) {
    if (a.length == 0) {
      return b;
    }
    byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  @Override
  public void refused(Transcript t) {
    mailLog.record(lines(t));
  }

  /** One mail log line per recipient of the transcript. */
  private static List<MailLogEntry> lines(Transcript t) {
    SmtpBackend.Client who = t.client();
    List<MailLogEntry> out = new ArrayList<>();
    for (String rcpt : t.recipients()) {
      out.add(
          new MailLogEntry(
              0,
              null,
              t.mailId(),
              who.channel().label(),
              who.ip(),
              who.helo(),
              who.user() == null ? null : who.user().address().toString(),
              t.mailFrom(),
              rcpt,
              t.messageId(),
              t.size(),
              t.status()));
    }
    return out;
  }

  private static InetAddress addressOf(String clientIp) {
    try {
      return InetAddress.getByName(clientIp); // the peer's address literal: never looked up
    } catch (UnknownHostException e) {
      throw new IllegalStateException("not an address: " + clientIp, e);
    }
  }
}
