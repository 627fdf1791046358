package org.postroom.smtp;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.postroom.core.DeliveryException;
import org.postroom.core.EmailAddress;
import org.postroom.deliverability.InboundChecks;
import org.postroom.delivery.Envelope;
import org.postroom.mailbox.RawMessage;
import org.postroom.maillog.MailLogEntry;

/**
 * What an SMTP session needs from the rest of Postroom: settings, recipient lookups, sign-in, the
 * store and the mail log. The listeners implement it over the database; the session rules in this
 * package stay free of sockets and storage.
 */
public interface SmtpBackend {
  /** Where a recipient goes, as far as RCPT needs to know. */
  enum Destination {
    /** One of our accounts, aliases, postmaster/abuse or the catch-all. */
    LOCAL,
    /** Our domain, but nobody by that name. */
    UNKNOWN,
    /** Our domain, but the mailbox is over its quota. */
    MAILBOX_FULL,
    /** Another domain. */
    REMOTE
  }

  /** A signed-in account. */
  record User(long id, EmailAddress address) {}

  /** The outcome of AUTH. */
  sealed interface Authentication {
    record Ok(User user) implements Authentication {}

    record Failed() implements Authentication {}

    record Throttled() implements Authentication {}
  }

  /** Our mail domain, or empty while the first-run setup has not named it. */
  String domain();

  /** Our host name, for EHLO and the Received field. */
  String hostname();

  SmtpLimits limits();

  /** True when the data directory's disk is too full to accept mail. */
  boolean lowOnDisk();

  Destination destination(EmailAddress recipient);

  Authentication authenticate(String clientIp, String user, String password);

  /** The addresses an enabled account may send as; empty when it is disabled or gone. */
  Optional<Set<EmailAddress>> identities(long accountId);

  /**
   * Stores the message for local recipients and queues it for remote ones, and writes the log
   * lines, all in one transaction that has committed when this returns.
   *
   * @throws DeliveryException when it cannot be accepted (nothing is stored then)
   */
  void deliver(Envelope envelope, RawMessage message, Long submitter, List<MailLogEntry> lines);

  /** Writes log lines for what was refused. */
  void log(List<MailLogEntry> lines);

  /**
   * Sender authentication of a message at the MX (SPF, DKIM, DMARC): what to do with it, and the
   * message with our Authentication-Results field. This default (for test backends) accepts it
   * unchanged.
   */
  default InboundChecks.Verdict checkSender(
      String clientIp, String helo, String reversePath, RawMessage message) {
    return new InboundChecks.Verdict(InboundChecks.Action.ACCEPT, null, message, null, "");
  }

  /**
   * Like {@link #deliver} for mail the MX quarantines: local copies go to Junk. This default (for
   * test backends) delivers normally.
   */
  default void deliverToJunk(Envelope envelope, RawMessage message, List<MailLogEntry> lines) {
    deliver(envelope, message, null, lines);
  }
}
