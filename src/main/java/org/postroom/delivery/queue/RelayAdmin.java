package org.postroom.delivery.queue;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.SecurityContext;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.postroom.account.Account;
import org.postroom.account.AccountService;
import org.postroom.core.EmailAddress;
import org.postroom.core.ForbiddenException;
import org.postroom.core.NotFoundException;
import org.postroom.core.ValidationException;
import org.postroom.db.Database;
import org.postroom.db.Sql;
import org.postroom.runtime.ServerSettings;

/**
 * The admin's view of the relay: the queue (every message with its recipients' states, "retry now",
 * delete with or without a bounce) and each user's sending limits and suspension. Every method
 * checks that the caller is an admin, whatever page or endpoint called it.
 */
@ApplicationScoped
public class RelayAdmin {
  /** What the queue view shows for a deleted message's recipients when the sender is told. */
  static final String DELETED = "550 5.0.0 Deleted from the queue by the postmaster";

  private final OutboundRepository store = new OutboundRepository();
  private final SendingLimitRepository sending = new SendingLimitRepository();

  @Inject Database db;
  @Inject ServerSettings settings;
  @Inject SecurityContext security;
  @Inject RelayService relay;
  @Inject AccountService accounts;

  /** A queued message with its recipients. */
  public record Entry(QueuedMessage message, List<QueuedRecipient> recipients) {
    /** True while some recipient is still queued or deferred. */
    public boolean isActive() {
      return recipients.stream().anyMatch(r -> !r.state().isFinal());
    }
  }

  /** One user's sending: the policy set, the limits in force, and what was sent recently. */
  public record Sender(
      EmailAddress address,
      SendingPolicy policy,
      SendingLimits.Limits limits,
      long lastHour,
      long lastDay) {}

  // ---- queue

  public List<Entry> queue(QueueFilter filter, int limit) {
    requireAdmin();
    int max = Math.max(1, Math.min(limit, 1000));
    return db.read(
        c -> {
          List<Entry> out = new ArrayList<>();
          for (QueuedMessage m : store.messages(c, filter, max)) {
            out.add(new Entry(m, store.recipients(c, m.id())));
          }
          return out;
        });
  }

  public Entry message(long id) {
    requireAdmin();
    return db.read(c -> entry(c, id));
  }

  public Map<RecipientState, Long> counts() {
    requireAdmin();
    return db.read(store::countByState);
  }

  /**
   * Makes a message's unfinished recipients (or, with null, every deferred recipient) due now.
   *
   * @return how many recipients were rescheduled
   */
  public int retryNow(Long id) {
    requireAdmin();
    int n =
        db.transaction(
            c -> {
              if (id != null) {
                entry(c, id);
              }
              return store.retryNow(c, id, Sql.now());
            });
    relay.wake();
    return n;
  }

  /**
   * Deletes a message from the queue. With {@code bounce}, the sender is told that its unfinished
   * recipients failed (the message then stays in the history as failed); without, it is gone.
   */
  public void delete(long id, boolean bounce) {
    requireAdmin();
    boolean told =
        db.transaction(
            c -> {
              Entry e = entry(c, id);
              if (bounce && e.isActive() && !e.message().isNullSender()) {
                store.failUnfinished(c, id, DELETED, Sql.now(), true);
                return true;
              }
              store.delete(c, id);
              return false;
            });
    if (told) {
      relay.noticesDue();
    }
  }

  private Entry entry(Connection c, long id) throws SQLException {
    QueuedMessage m =
        store
            .message(c, id)
            .orElseThrow(() -> new NotFoundException("No message " + id + " in the queue."));
    return new Entry(m, store.recipients(c, id));
  }

  // ---- sending limits

  public List<Sender> senders() {
    requireAdmin();
    return db.read(
        c -> {
          List<Sender> out = new ArrayList<>();
          for (Account a : accounts.all(c)) {
            out.add(sender(c, a));
          }
          return out;
        });
  }

  public Sender sender(String address) {
    requireAdmin();
    return db.read(c -> sender(c, account(c, address)));
  }

  /**
   * Replaces a user's sending policy.
   *
   * @throws ValidationException for a negative limit
   */
  public Sender setPolicy(String address, SendingPolicy p) {
    requireAdmin();
    var errors = new ValidationException.Collector();
    checkLimit(errors, "perHour", p.perHour());
    checkLimit(errors, "perDay", p.perDay());
    checkLimit(errors, "recipientsPerMessage", p.recipientsPerMessage());
    errors.throwIfAny();
    return db.transaction(
        c -> {
          Account a = account(c, address);
          sending.putPolicy(c, a.id(), p, Sql.now());
          return sender(c, a);
        });
  }

  /** Suspends or resumes a user's sending, keeping the limits set. */
  public Sender setSuspended(String address, boolean suspended) {
    requireAdmin();
    return db.transaction(
        c -> {
          Account a = account(c, address);
          SendingPolicy p = sending.policy(c, a.id()).orElse(SendingPolicy.DEFAULT);
          sending.putPolicy(
              c,
              a.id(),
              new SendingPolicy(suspended, p.perHour(), p.perDay(), p.recipientsPerMessage()),
              Sql.now());
          return sender(c, a);
        });
  }

  private static void checkLimit(ValidationException.Collector errors, String field, Integer v) {
    if (v != null && v < 0) {
      errors.add(field, "Enter 0 or more (0 means no limit; empty: the server's default).");
    }
  }

  private Sender sender(Connection c, Account a) throws SQLException {
    SendingPolicy p = sending.policy(c, a.id()).orElse(SendingPolicy.DEFAULT);
    OffsetDateTime now = Sql.now();
    return new Sender(
        a.address(),
        p,
        new SendingLimits(settings).effective(p),
        sending.sentSince(c, a.id(), now.minus(Duration.ofHours(1))),
        sending.sentSince(c, a.id(), now.minus(Duration.ofDays(1))));
  }

  private Account account(Connection c, String address) throws SQLException {
    Optional<EmailAddress> a = EmailAddress.parse(address);
    return (a.isEmpty() ? Optional.<Account>empty() : accounts.find(c, a.get()))
        .orElseThrow(() -> new NotFoundException("No such address: " + address));
  }

  private void requireAdmin() {
    if (security.getCallerPrincipal() == null || !security.isCallerInRole("admin")) {
      throw new ForbiddenException("Only admins may do this.");
    }
  }
}
