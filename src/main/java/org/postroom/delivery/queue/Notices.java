package org.postroom.delivery.queue;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.postroom.config.Setting;
import org.postroom.core.DeliveryException;
import org.postroom.core.EmailAddress;
import org.postroom.core.RawMessage;
import org.postroom.db.Database;
import org.postroom.delivery.Envelope;
import org.postroom.delivery.MailRouter;
import org.postroom.runtime.ServerSettings;

/**
 * Sends the notices the queue owes senders: a bounce for failed recipients, a delay notice for
 * recipients still deferred after {@code postroom.relay.delay.notice}. Each goes through the {@link
 * MailRouter} like any accepted mail (the sender's Inbox, or the queue for a remote sender) with
 * the null sender, in the same transaction that marks it sent; the rows are locked first, so two
 * nodes never send the same notice. A bounce the router refuses for now (the sender's mailbox is
 * full) is tried again later, until the lifetime has passed once more; a delay notice is not.
 */
public final class Notices {
  private static final Logger LOG = Logger.getLogger(Notices.class.getName());
  private static final int BATCH = 100;

  private final OutboundRepository store = new OutboundRepository();
  private final Database db;
  private final MailRouter router;
  private final ServerSettings settings;

  public Notices(Database db, MailRouter router, ServerSettings settings) {
    this.db = db;
    this.router = router;
    this.settings = settings;
  }

  /** Marks recipients deferred for longer than the delay-notice time. */
  public int markDelayed(OffsetDateTime now) {
    Duration after = settings.duration(Setting.RELAY_DELAY_NOTICE);
    if (after.isZero()) {
      return 0;
    }
    return db.transaction(c -> store.markDelayed(c, now.minus(after)));
  }

  /** Sends every notice that is due; returns how many messages got one. */
  public int sendDue(OffsetDateTime now) {
    int sent = 0;
    for (long id : db.read(c -> store.messagesWithNotices(c, now, BATCH))) {
      try {
        if (db.transaction(c -> sendFor(c, id, now))) {
          sent++;
        }
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "relay: notice for queue id " + id + " failed, will retry", e);
      }
    }
    return sent;
  }

  private boolean sendFor(Connection c, long id, OffsetDateTime now) throws SQLException {
    List<QueuedRecipient> due = store.lockNotices(c, id, now);
    Optional<QueuedMessage> message = store.message(c, id);
    if (due.isEmpty() || message.isEmpty()) {
      return false;
    }
    QueuedMessage m = message.get();
    Optional<EmailAddress> sender = EmailAddress.parse(m.reversePath());
    if (m.isNullSender() || sender.isEmpty()) {
      for (QueuedRecipient r : due) {
        store.clearNotice(c, r.id());
      }
      return false;
    }
    byte[] content = store.content(c, id).orElse(new byte[0]);
    RetryPolicy policy = RetryPolicy.of(settings);
    boolean sent = false;
    for (DeliveryReport.Kind kind : DeliveryReport.Kind.values()) {
      List<QueuedRecipient> group =
          due.stream().filter(r -> kind.name().equals(r.pendingNotice())).toList();
      if (group.isEmpty()) {
        continue;
      }
      byte[] report =
          DeliveryReport.build(
              kind,
              settings.hostname(),
              m,
              group,
              content,
              now,
              m.createdAt().plus(policy.lifetime()));
      try {
        router.route(new Envelope("", List.of(sender.get())), RawMessage.of(report), null);
        for (QueuedRecipient r : group) {
          store.clearNotice(c, r.id());
        }
        sent = true;
        LOG.info(
            () ->
                "relay: id="
                    + id
                    + " "
                    + kind.name().toLowerCase(java.util.Locale.ROOT)
                    + " notice to <"
                    + sender.get()
                    + "> for "
                    + group.stream().map(QueuedRecipient::address).toList());
      } catch (DeliveryException e) {
        boolean retry =
            kind == DeliveryReport.Kind.FAILED
                && e.isTemporary()
                && now.isBefore(m.createdAt().plus(policy.lifetime().multipliedBy(2)));
        for (QueuedRecipient r : group) {
          if (retry) {
            store.postponeNotice(c, r.id(), now.plus(policy.first()));
          } else {
            store.clearNotice(c, r.id());
          }
        }
        LOG.warning(
            "relay: id="
                + id
                + " notice to <"
                + sender.get()
                + "> refused ("
                + e.status()
                + ")"
                + (retry ? ", will retry" : ", dropped"));
      }
    }
    store.releaseContent(c, id);
    return sent;
  }
}
