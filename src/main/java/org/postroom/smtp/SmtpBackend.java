package org.postroom.smtp;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.postroom.core.DeliveryException;
import org.postroom.core.EmailAddress;
import org.postroom.core.RawMessage;
import org.postroom.core.SmtpStatus;

/**
 * What an SMTP session needs from the rest of Postroom, in the engine's own terms: settings,
 * recipient lookups, sign-in, and one delivery seam for accepted mail. {@code smtp.server} adapts
 * it to the mail router, the MX's sender checks and the mail log; the session rules in this package
 * stay free of sockets, storage and policy.
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

  /**
   * Who is talking, as the mail log records it.
   *
   * @param user the signed-in account, or null
   */
  record Client(Channel channel, String ip, String helo, User user) {}

  /**
   * One transaction's facts: the id it got, the client, the envelope as given and what happened.
   * Recipients are as the client wrote them (a refused one may not be an address at all).
   */
  record Transcript(
      String mailId,
      Client client,
      String mailFrom,
      List<String> recipients,
      String messageId,
      Long size,
      SmtpStatus status) {
    public Transcript {
      recipients = List.copyOf(recipients);
    }
  }

  /**
   * A message the session accepts, to be stored before the 250.
   *
   * @param transcript what the mail log records on success ({@code status} is the 250 reply)
   * @param sender the reverse-path, empty for the null sender
   * @param trace the header lines the session puts on top: our Received field and, on submission, a
   *     missing Date, Message-ID or From
   * @param body the message as the client sent it
   */
  record Message(
      Transcript transcript,
      Optional<EmailAddress> sender,
      List<EmailAddress> recipients,
      byte[] trace,
      RawMessage body) {
    public Message {
      recipients = List.copyOf(recipients);
    }

    public boolean isSubmission() {
      return transcript.client().channel().isSubmission();
    }
  }

  /** Our mail domain, or empty while the first-run setup has not named it. */
  String domain();

  /** Our host name, for EHLO and the Received field. */
  String hostname();

  SmtpLimits limits();

  /** True when the data directory's disk is too full to accept mail. */
  boolean lowOnDisk();

  Destination destination(EmailAddress recipient);

  /**
   * The MX's check of the sender at MAIL FROM (does its domain exist); never asked on submission.
   *
   * @return the refusal, or empty to go on
   */
  Optional<SmtpStatus> checkSender(Client client, Optional<EmailAddress> sender);

  /**
   * The MX's checks at RCPT of one of our recipients (blocklists, greylisting); never asked on
   * submission.
   *
   * @return the refusal, or empty to accept the recipient
   */
  Optional<SmtpStatus> checkRecipient(
      Client client, Optional<EmailAddress> sender, EmailAddress recipient);

  Authentication authenticate(String clientIp, String user, String password);

  /** The addresses an enabled account may send as; empty when it is disabled or gone. */
  Optional<Set<EmailAddress>> identities(long accountId);

  /**
   * Stores the message for local recipients and queues it for remote ones, with its mail log lines,
   * all committed when this returns. The backend may refuse it (the MX's sender checks).
   *
   * @throws DeliveryException with the reply when it is not accepted (nothing is stored then)
   */
  void deliver(Message message);

  /** Records a refusal (a sender, a recipient or a whole message) in the mail log. */
  void refused(Transcript transcript);
}
