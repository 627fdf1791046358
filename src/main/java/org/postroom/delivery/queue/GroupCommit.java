package org.postroom.delivery.queue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import org.postroom.db.Database;

/**
 * Group commit for delivery results: the results that several connections hand in at about the same
 * time go into one transaction, so the database writes once for all of them instead of once each. A
 * caller returns only after its own work is committed, so a connection still has at most one
 * transaction whose result is not yet durable (what a crash may duplicate). When one work fails,
 * the others are committed one by one and only that caller sees the failure.
 */
final class GroupCommit {
  private static final int MAX_BATCH = 64;

  private record Pending(Database.VoidWork work, CompletableFuture<Void> done) {}

  private final Database db;
  private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
  private volatile Thread writer;

  GroupCommit(Database db) {
    this.db = db;
  }

  void start(ThreadFactory threads) {
    Thread t = threads.newThread(this::write);
    t.setName("postroom-relay-commit");
    writer = t;
    t.start();
  }

  /** Stops after the work handed in so far; later calls commit on their own thread. */
  void stop() {
    Thread t = writer;
    writer = null;
    if (t != null) {
      // no interrupt: H2 closes its file when a thread is interrupted inside a write; the writer
      // sees the null within a second (its poll timeout)
      try {
        t.join(5000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    drain();
  }

  /** Runs the work in a transaction shared with other callers; returns once it is committed. */
  void commit(Database.VoidWork work) {
    if (writer == null) {
      db.run(work);
      return;
    }
    Pending p = new Pending(work, new CompletableFuture<>());
    queue.add(p);
    if (writer == null) {
      drain(); // stopped meanwhile: nobody else will
    }
    try {
      p.done().join();
    } catch (CompletionException e) {
      if (e.getCause() instanceof RuntimeException r) {
        throw r;
      }
      throw e;
    }
  }

  private void write() {
    while (writer == Thread.currentThread()) {
      try {
        Pending first = queue.poll(1, TimeUnit.SECONDS);
        if (first != null) {
          List<Pending> batch = new ArrayList<>();
          batch.add(first);
          queue.drainTo(batch, MAX_BATCH - 1);
          commitAll(batch);
        }
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private void drain() {
    List<Pending> rest = new ArrayList<>();
    queue.drainTo(rest);
    if (!rest.isEmpty()) {
      commitAll(rest);
    }
  }

  private void commitAll(List<Pending> batch) {
    try {
      db.run(
          c -> {
            for (Pending p : batch) {
              p.work().run(c);
            }
          });
      batch.forEach(p -> p.done().complete(null));
    } catch (RuntimeException together) {
      for (Pending p : batch) {
        try {
          db.run(p.work());
          p.done().complete(null);
        } catch (RuntimeException alone) {
          p.done().completeExceptionally(alone);
        }
      }
    }
  }
}
