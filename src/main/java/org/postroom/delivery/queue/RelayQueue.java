package org.postroom.delivery.queue;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.LinkedHashSet;
import java.util.Set;
import org.postroom.core.DeliveryException;
import org.postroom.core.EmailAddress;
import org.postroom.core.RawMessage;
import org.postroom.db.DataAccessException;
import org.postroom.db.Database;
import org.postroom.db.Sql;
import org.postroom.delivery.Envelope;
import org.postroom.delivery.OutboundQueue;
import org.postroom.mime.MessageParser;
import org.postroom.runtime.ServerSettings;

/**
 * The durable outbound queue: mail for other domains waits here, in the database, until a foreign
 * server takes it or the sender is told it never will.
 *
 * <h2>Queue and retry policy</h2>
 *
 * <ul>
 *   <li><b>Enqueue.</b> A message is stored once with one row per remote recipient ({@code
 *       QUEUED}), in the caller's transaction: when the submitter hears 250, the message is in the
 *       queue. Mail from a local account passes its {@link SendingLimits} first (suspension,
 *       recipients per message, messages per hour and day).
 *   <li><b>Attempts.</b> Recipients are due at their next attempt time. A worker claims due
 *       recipients of one domain with a lease in the database (never in memory, so several nodes
 *       can share the queue), looks up the route (MX in preference order, else the domain's own
 *       address; or the smarthost), and delivers the recipients of one message to one domain in one
 *       SMTP transaction and several messages over one connection.
 *   <li><b>Results.</b> 2xx: {@code DELIVERED}, with the remote host, its reply and the time. 5xx
 *       (also a null MX or a domain that does not exist, without connecting): {@code FAILED} at
 *       once. 4xx, a connection that fails or breaks, a DNS timeout or SERVFAIL: {@code DEFERRED}
 *       with the reply and the next attempt time.
 *   <li><b>Backoff.</b> After the n-th temporary failure the recipient waits {@code
 *       postroom.relay.retry.first} &times; 2<sup>n-1</sup>, at most {@code
 *       postroom.relay.retry.max} (defaults 5 minutes doubling to 1 hour, like Postfix).
 *   <li><b>Give-up.</b> A temporary failure once the message is {@code postroom.relay.lifetime} old
 *       (default 5 days) fails the recipient for good; the last attempt is made when the lifetime
 *       ends. All three durations are runtime settings: a change applies to the next decision,
 *       without a restart, and can be as short as seconds.
 *   <li><b>Notices.</b> Every failed recipient gets the sender an RFC 3464 bounce from {@code
 *       MAILER-DAEMON@<hostname>} with the null sender, delivered through the mail router (locally,
 *       or queued if the sender is remote); failures found together share one bounce. A recipient
 *       still deferred {@code postroom.relay.delay.notice} after queueing (default 4 hours; 0 turns
 *       it off) gets the sender one "delayed" notice. A message from the null sender (a bounce
 *       itself) never causes a notice.
 *   <li><b>Crashes.</b> Each SMTP transaction's results are committed as soon as the server has
 *       answered. A node that stops or dies mid-delivery leaves its leases behind: they are freed
 *       when that node starts again, or run out after two minutes for any other node; the
 *       recipients are then due again, so only the transaction that was in flight may arrive twice.
 *   <li><b>History.</b> Once every recipient is final and every notice sent, the bytes are dropped;
 *       the message stays in the queue view for {@code postroom.relay.history} (7 days).
 * </ul>
 */
@ApplicationScoped
public class RelayQueue implements OutboundQueue {
  private final OutboundRepository store = new OutboundRepository();

  @Inject Database db;
  @Inject ServerSettings settings;
  @Inject RelayService relay;

  private SendingLimits limits;
  private Runnable wake;

  protected RelayQueue() {}

  /** For tests outside the container; {@code wake} is told about new work after each commit. */
  public RelayQueue(Database db, ServerSettings settings, Runnable wake) {
    this.db = db;
    this.settings = settings;
    this.limits = new SendingLimits(settings);
    this.wake = wake;
  }

  private SendingLimits limits() {
    if (limits == null) {
      limits = new SendingLimits(settings);
    }
    return limits;
  }

  @Override
  public long enqueue(Connection c, Envelope envelope, RawMessage raw, Long submitterAccountId)
      throws DeliveryException {
    try {
      OffsetDateTime now = Sql.now();
      if (submitterAccountId != null) {
        limits().admit(c, submitterAccountId, Set.copyOf(envelope.recipients()).size(), now);
      }
      long id =
          store.insertMessage(
              c,
              envelope.reversePath(),
              submitterAccountId,
              raw,
              MessageParser.summarize(raw),
              now);
      for (EmailAddress rcpt : new LinkedHashSet<>(envelope.recipients())) {
        store.insertRecipient(c, id, rcpt, now);
      }
      db.afterCommit(wake != null ? wake : relay::wake);
      return id;
    } catch (SQLException e) {
      throw new DataAccessException(e.getMessage(), e);
    }
  }
}
