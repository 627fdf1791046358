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
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadFactory;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.postroom.account.Account;
import org.postroom.account.AccountRepository;
import org.postroom.account.AccountService;
import org.postroom.config.Setting;
import org.postroom.core.EmailAddress;
import org.postroom.db.Database;
import org.postroom.deliverability.InboundAuthentication;
import org.postroom.deliverability.InboundChecks;
import org.postroom.delivery.Envelope;
import org.postroom.delivery.MailRouter;
import org.postroom.delivery.RecipientResolver;
import org.postroom.mailbox.FolderRole;
import org.postroom.mailbox.RawMessage;
import org.postroom.maillog.MailLog;
import org.postroom.maillog.MailLogEntry;
import org.postroom.sending.MessageSent;
import org.postroom.server.ServerSettings;
import org.postroom.smtp.SmtpBackend;
import org.postroom.smtp.SmtpLimits;
import org.postroom.web.security.SignIn;

/**
 * {@link SmtpBackend} over the database: runtime settings, the recipient resolver, sign-in, the
 * mail router and the mail log. A message and its log lines commit in one transaction.
 */
@ApplicationScoped
public class DatabaseBackend implements SmtpBackend {
  private static final Logger LOG = Logger.getLogger(DatabaseBackend.class.getName());
  private static final long DISK_CHECK_MILLIS = 1000;
  private static final Duration AUTH_WINDOW = Duration.ofMinutes(1);

  private final AccountRepository accountRows = new AccountRepository();

  @Inject ServerSettings settings;
  @Inject Database db;
  @Inject RecipientResolver resolver;
  @Inject MailRouter router;
  @Inject AccountService accounts;
  @Inject SignIn signIn;
  @Inject MailLog mailLog;
  @Inject InboundAuthentication inbound;
  @Inject Event<MessageSent> sent;

  private GroupCommit groupCommit;
  private volatile long diskCheckedAt;
  private volatile boolean lowOnDisk;

  @PostConstruct
  void init() {
    groupCommit = new GroupCommit(db);
  }

  /** Shares commits between messages accepted at the same time (see {@link GroupCommit}). */
  void startGroupCommit(ThreadFactory threads) {
    groupCommit.start(threads);
  }

  void stopGroupCommit(long millis) {
    groupCommit.stop(millis);
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
            Optional<Account> a = accountRows.find(c, id);
            if (a.isPresent() && a.get().wouldExceedQuota(1)) {
              return Destination.MAILBOX_FULL;
            }
          }
          return Destination.LOCAL;
        });
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

  @Override
  public void deliver(
      Envelope envelope, RawMessage message, Long submitter, List<MailLogEntry> lines) {
    groupCommit.store(
        c -> {
          router.route(envelope, message, submitter);
          mailLog.insert(c, lines);
        });
    mailLog.committed(lines);
    if (submitter != null) {
      // a mail program's submission counts as sent mail, like the webmail's: the address book
      // remembers its recipients, asynchronously, so the 250 reply does not wait for it
      sent.fireAsync(
          new MessageSent(
              submitter, envelope.recipients().stream().map(EmailAddress::toString).toList()));
    }
  }

  @Override
  public InboundChecks.Verdict checkSender(
      String clientIp, String helo, String reversePath, RawMessage message) {
    InetAddress client;
    try {
      client = InetAddress.getByName(clientIp); // the peer's address literal: never looked up
    } catch (UnknownHostException e) {
      throw new IllegalStateException("not an address: " + clientIp, e);
    }
    return inbound.check(client, helo, reversePath, message);
  }

  @Override
  public void deliverToJunk(Envelope envelope, RawMessage message, List<MailLogEntry> lines) {
    db.run(
        c -> {
          router.route(envelope, message, null, FolderRole.JUNK);
          mailLog.insert(c, lines);
        });
    mailLog.committed(lines);
  }

  @Override
  public void log(List<MailLogEntry> lines) {
    mailLog.record(lines);
  }
}
