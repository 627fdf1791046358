package org.postroom.smtp.server;

import java.sql.SQLException;
import java.sql.Savepoint;
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
import org.postroom.core.SmtpStatus;
import org.postroom.db.DataAccessException;
import org.postroom.db.Database;

/**
 * Stores the messages that SMTP sessions accept at the same moment in one transaction, so that one
 * commit (one write of H2's pages, one fsync on PostgreSQL) covers many messages and deliveries to
 * the same mailbox no longer queue behind each other's commits. Each message runs inside its own
 * savepoint: a message that is refused (quota, unknown recipient) is rolled back alone, and one
 * that fails in the database is retried in a transaction of its own, as is every message of a batch
 * whose commit fails. {@link #store} returns only after the commit that holds the message, so the
 * 250 still means stored. One committer thread per node keeps batches from deadlocking each other.
 */
final class GroupCommit {
  private static final Logger LOG = Logger.getLogger(GroupCommit.class.getName());
  static final int MAX_BATCH = 64;

  /** A session gives up waiting after this (the committer would have to be stuck). */
  private static final long WAIT_MINUTES = 5;

  private final Database db;
  private final BlockingQueue<Job> queue = new LinkedBlockingQueue<>();
  private volatile boolean running;
  private Thread committer;

  private record Job(Database.VoidWork work, CompletableFuture<Void> done) {}

  GroupCommit(Database db) {
    this.db = db;
  }

  synchronized void start(ThreadFactory threads) {
    if (running) {
      return;
    }
    running = true;
    committer = threads.newThread(this::loop);
    committer.setName("smtp-group-commit");
    committer.start();
  }

  /** Stops taking batches once the queue is empty (bounded wait). */
  synchronized void stop(long millis) {
    running = false;
    if (committer != null) {
      try {
        committer.join(millis);
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
   * Runs the work in a transaction, possibly shared with other messages, and returns after it has
   * committed.
   *
   * @throws DeliveryException when the message is refused or cannot be stored
   */
  void store(Database.VoidWork work) {
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
      throw new DeliveryException(SmtpStatus.LOCAL_ERROR, e.getCause());
    } catch (TimeoutException e) {
      throw new DeliveryException(SmtpStatus.LOCAL_ERROR, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new DeliveryException(SmtpStatus.LOCAL_ERROR, e);
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
          commit(batch);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        running = false;
      } catch (RuntimeException | Error e) {
        LOG.log(Level.SEVERE, "group commit: unexpected failure, going on", e);
      }
    }
  }

  private void commit(List<Job> batch) {
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
      LOG.log(Level.WARNING, "group commit of " + batch.size() + " messages failed; one by one", e);
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
    } catch (RuntimeException e) {
      j.done().completeExceptionally(e);
    }
  }
}
