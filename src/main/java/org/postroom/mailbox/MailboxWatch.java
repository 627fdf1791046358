package org.postroom.mailbox;

import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.postroom.db.Database;
import org.postroom.db.Sql;
import org.postroom.runtime.Lifecycle;
import org.postroom.runtime.Worker;

/**
 * Tells this node's live pages when an account's mailbox changed, whichever node changed it: while
 * anyone listens, one indexed query every {@link #POLL} asks the database which accounts changed
 * lately ({@code mailbox_state.changed_at}) and compares their modseq with the last one announced.
 * The look-back overlaps by {@link #OVERLAP}, so a transaction that committed late or a node whose
 * clock is a little off is still seen; nothing is announced twice. With no listener it asks
 * nothing. Listeners also hear {@link Listener#idle()} every {@link #KEEPALIVE}, to keep their
 * connection open through proxies.
 */
@ApplicationScoped
public class MailboxWatch {
  private static final Logger LOG = Logger.getLogger(MailboxWatch.class.getName());
  static final Duration POLL = Duration.ofMillis(500);
  static final Duration OVERLAP = Duration.ofSeconds(30);
  static final Duration KEEPALIVE = Duration.ofSeconds(25);
  static final Duration KEEP_GONE = Duration.ofDays(30);
  private static final Duration PRUNE_EVERY = Duration.ofHours(1);

  /** Hears of one account's changes. Called on the watcher's thread: return quickly. */
  public interface Listener {
    void changed(long modseq);

    /** Nothing changed for a while. */
    default void idle() {}
  }

  private final ChangeRepository changes = new ChangeRepository();
  private final Map<Long, Set<Listener>> listeners = new ConcurrentHashMap<>();
  private final Map<Long, Long> announced = new ConcurrentHashMap<>();
  private final Worker worker = new Worker("postroom-mailbox-watch", POLL, this::round);
  private OffsetDateTime lastLook;
  private OffsetDateTime lastKeepalive = Sql.now();
  private OffsetDateTime lastPrune = Sql.now().minus(PRUNE_EVERY);

  @Inject Database db;

  @Resource ManagedThreadFactory threads;

  void start(@Observes Lifecycle.Started started) {
    worker.start(threads);
  }

  void stop(@Observes Lifecycle.Stopping stopping) {
    worker.stop(Duration.ofSeconds(5));
  }

  /**
   * Starts announcing the account's changes to the listener; closing the result stops it.
   *
   * @return the account's modseq now (what the listener is current with, if it has read it)
   */
  public Registration watch(long accountId, Listener listener) {
    long now = db.read(c -> changes.current(c, accountId));
    // only the first listener of an account sets what was announced: a later one must not hide a
    // change the watcher has not told the others of yet (each page catches up on its own)
    announced.putIfAbsent(accountId, now);
    listeners.computeIfAbsent(accountId, k -> ConcurrentHashMap.newKeySet()).add(listener);
    return new Registration(accountId, listener, now);
  }

  /** One listener's place; {@link #close()} is safe to call more than once. */
  public final class Registration implements AutoCloseable {
    private final long accountId;
    private final Listener listener;
    private final long modseq;

    private Registration(long accountId, Listener listener, long modseq) {
      this.accountId = accountId;
      this.listener = listener;
      this.modseq = modseq;
    }

    public long modseq() {
      return modseq;
    }

    @Override
    public void close() {
      listeners.computeIfPresent(
          accountId,
          (k, set) -> {
            set.remove(listener);
            return set.isEmpty() ? null : set;
          });
      if (!listeners.containsKey(accountId)) {
        announced.remove(accountId);
      }
    }
  }

  /** How many listeners this node has (the idle benchmark reads it). */
  public int listening() {
    return listeners.values().stream().mapToInt(Set::size).sum();
  }

  private Duration round() {
    OffsetDateTime now = Sql.now();
    if (now.isAfter(lastPrune.plus(PRUNE_EVERY))) {
      lastPrune = now;
      int n = db.transaction(c -> changes.forgetGone(c, now.minus(KEEP_GONE)));
      if (n > 0) {
        LOG.fine(() -> "mailbox watch: forgot " + n + " old deletions");
      }
    }
    if (listeners.isEmpty()) {
      lastLook = null;
      return POLL;
    }
    OffsetDateTime from = lastLook == null ? now.minus(OVERLAP) : lastLook.minus(OVERLAP);
    lastLook = now;
    for (ChangeRepository.Changed ch : db.read(c -> changes.changedAfter(c, from))) {
      Set<Listener> set = listeners.get(ch.accountId());
      if (set == null) {
        continue;
      }
      Long before = announced.get(ch.accountId());
      if (before == null || ch.modseq() > before) {
        announced.put(ch.accountId(), ch.modseq());
        set.forEach(l -> tell(() -> l.changed(ch.modseq())));
      }
    }
    if (now.isAfter(lastKeepalive.plus(KEEPALIVE))) {
      lastKeepalive = now;
      listeners.values().forEach(set -> set.forEach(l -> tell(l::idle)));
    }
    return POLL;
  }

  private static void tell(Runnable r) {
    try {
      r.run();
    } catch (RuntimeException e) {
      LOG.log(Level.FINE, "mailbox watch: a listener failed", e);
    }
  }
}
