package org.postroom.delivery;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import org.postroom.account.RecipientResolver;
import org.postroom.core.DeliveryException;
import org.postroom.core.EmailAddress;
import org.postroom.core.RawMessage;
import org.postroom.core.SmtpStatus;
import org.postroom.db.DataAccessException;
import org.postroom.db.Database;
import org.postroom.mailbox.FolderRole;
import org.postroom.mailbox.MailStore;

/**
 * The one path every accepted message takes (MX, submission, webmail, bounces): recipients of our
 * domain go to their mailboxes, the rest to the outbound queue, all in one transaction that has
 * committed when this returns. SMTP answers 250 only after that.
 */
@ApplicationScoped
public class MailRouter {
  @Inject Database db;
  @Inject RecipientResolver resolver;
  @Inject LocalDelivery local;
  @Inject OutboundQueue outbound;
  @Inject MailStore store;

  /** Where the message went: local copies and the outbound queue id (null when none). */
  public record Routed(LocalDelivery.Receipt local, Long queueId) {}

  public Routed route(Envelope envelope, RawMessage raw, Long submitterAccountId) {
    return route(envelope, raw, submitterAccountId, FolderRole.INBOX);
  }

  /**
   * Routes mail a user submitted from a mail program (SMTP AUTH) and, in the same transaction,
   * files the sender's copy in Sent, where it joins its conversation, as the webmail does with its
   * own (the user may turn that off; see {@link MailStore#fileSubmitted}).
   */
  public Routed submitted(Envelope envelope, RawMessage raw, long submitterAccountId) {
    try {
      return db.transaction(
          c -> {
            Routed r = route(envelope, raw, submitterAccountId, FolderRole.INBOX);
            store.fileSubmitted(c, submitterAccountId, raw);
            return r;
          });
    } catch (DataAccessException | java.io.UncheckedIOException e) {
      throw new DeliveryException(SmtpStatus.LOCAL_ERROR, e);
    }
  }

  /**
   * Routes mail the MX quarantines (it failed its sender's DMARC quarantine policy): local copies
   * go to Junk instead of the Inbox.
   */
  public Routed quarantine(Envelope envelope, RawMessage raw) {
    return route(envelope, raw, null, FolderRole.JUNK);
  }

  private Routed route(
      Envelope envelope, RawMessage raw, Long submitterAccountId, FolderRole localFolder) {
    List<EmailAddress> mine = new ArrayList<>();
    List<EmailAddress> remote = new ArrayList<>();
    for (EmailAddress r : envelope.recipients()) {
      (resolver.isLocalDomain(r) ? mine : remote).add(r);
    }
    try {
      return db.transaction(
          c -> {
            LocalDelivery.Receipt receipt =
                mine.isEmpty()
                    ? null
                    : local.deliverIn(
                        c, new Envelope(envelope.reversePath(), mine), raw, localFolder);
            Long queued =
                remote.isEmpty()
                    ? null
                    : outbound.enqueue(
                        c, new Envelope(envelope.reversePath(), remote), raw, submitterAccountId);
            return new Routed(receipt, queued);
          });
    } catch (DataAccessException | java.io.UncheckedIOException e) {
      throw new DeliveryException(SmtpStatus.LOCAL_ERROR, e);
    }
  }
}
