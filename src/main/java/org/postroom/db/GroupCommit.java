package org.postroom.db;

import java.sql.SQLException;
import java.sql.Savepoint;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.postroom.core.DeliveryException;

/**
 * Runs the work that several threads hand in at the same moment in one transaction, so that one
 * commit (one write of H2's pages, one fsync on PostgreSQL) covers all of it: messages accepted by
 * SMTP sessions, results of relay connections. {@link #commit} returns only after the commit that
 * holds the caller's work, so a 250 still means stored and a relay result is durable before the
 * connection's next transaction.
 *
 * <p>Each work runs inside its own savepoint. A {@link DeliveryException} that is a refusal (quota,
 * unknown recipient) rolls back that work alone and reaches its caller; any other failure, and
 * every work of a batch whose commit fails, is tried again in a transaction of its own. One
 * committer thread per use keeps batches from deadlocking each other. Never interrupted: H2 closes
 * its file when a thread is interrupted inside a write.
 */
public final class GroupCommit {
  private static final Logger LOG = Logger.getLogger(GroupCommit.class.getName());
  static final int MAX_BATCH = 64;

  /** A caller gives up waiting after this (the committer would have to be stuck). */
  private static final long WAIT_MINUTES = 5;

  private final Database db;
  private final String name;
  private final BlockingQueue<Job> queue = new LinkedBlockingQueue<>();
  private volatile boolean running;
  private Thread committer;

  private record Job(Database.VoidWork work, CompletableFuture<Void> done) {}

  /**
   * @param name the committer thread's name, for thread dumps and logs
   */
  public GroupCommit(Database db, String name) {
    this.db = db;
    this.name = name;
  }

  public synchronized void start(ThreadFactory threads) {
    if (running) {
      return;
    }
    running = true;
    committer = threads.newThread(this::loop);
    committer.setName(name);
    committer.start();
  }

  /** Stops taking batches once the queue is empty (bounded wait); later work commits alone. */
  public synchronized void stop(Duration wait) {
    running = false;
    if (committer != null) {
      try {
        committer.join(wait.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      committer = null;
    }
    for (Job j; (j = queue.poll()) != null; ) {
      runAlone(j);
    }
  }

  /**
   * Runs the work in a transaction, possibly shared with others, and returns after it has
   * committed.
   *
   * @throws DeliveryException when the work refuses (nothing of it is stored then)
   * @throws DataAccessException when it cannot be stored, or the committer does not answer
   */
  public void commit(Database.VoidWork work) {
    Job job = new Job(work, new CompletableFuture<>());
    if (!running) {
      runAlone(job);
    } else {
      queue.add(job);
      if (!running && queue.remove(job)) {
        runAlone(job); // stopped meanwhile: nobody takes the queue any more
      }
    }
    try {
      job.done().get(WAIT_MINUTES, TimeUnit.MINUTES);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      if (e.getCause() instanceof Error err) {
        throw err;
      }
      throw new DataAccessException("group commit failed: " + e.getCause(), e.getCause());
    } catch (TimeoutException e) {
      throw new DataAccessException("group commit did not answer in " + WAIT_MINUTES + " min", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DataAccessException("interrupted while waiting for the group commit", e);
    }
  }

  private void loop() {
    while (running || !queue.isEmpty()) {
      try {
        Job first = queue.poll(200, TimeUnit.MILLISECONDS);
        if (first != null) {
          List<Job> batch = new ArrayList<>();
          batch.add(first);
          queue.drainTo(batch, MAX_BATCH - 1);
          commitTogether(batch);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        running = false;
      } catch (RuntimeException | Error e) {
        LOG.log(Level.SEVERE, name + ": unexpected failure, going on", e);
      }
    }
  }

  private void commitTogether(List<Job> batch) {
    List<Job> stored = new ArrayList<>();
    List<Job> alone = new ArrayList<>();
    try {
      db.run(
          c -> {
            for (Job j : batch) {
              Savepoint sp = c.setSavepoint();
              try {
                j.work().run(c);
                stored.add(j);
              } catch (DeliveryException e) {
                c.rollback(sp);
                if (isDatabaseFailure(e)) {
                  alone.add(j);
                } else {
                  j.done().completeExceptionally(e);
                }
              } catch (SQLException | RuntimeException e) {
                c.rollback(sp);
                alone.add(j);
              }
            }
          });
      stored.forEach(j -> j.done().complete(null));
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, name + ": commit of " + batch.size() + " failed; one by one", e);
      alone.clear();
      batch.stream().filter(j -> !j.done().isDone()).forEach(alone::add);
    }
    alone.forEach(this::runAlone);
  }

  private static boolean isDatabaseFailure(DeliveryException e) {
    return e.getCause() instanceof DataAccessException || e.getCause() instanceof SQLException;
  }

  private void runAlone(Job j) {
    try {
      db.run(j.work());
      j.done().complete(null);
    } catch (RuntimeException | Error e) {
      j.done().completeExceptionally(e);
    }
  }
}
