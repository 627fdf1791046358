package org.postroom.sending;

import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.postroom.db.Sql;
import org.postroom.server.Lifecycle;

/**
 * Releases held and scheduled messages when their time comes, on one managed thread per node. It
 * sleeps until the next release time (at most {@link #IDLE}) or until {@link #wake()}; claims are
 * made in the database, so any number of nodes can run it and each message is sent once. What a
 * stopped node held is due again for every node when its claim runs out.
 */
@ApplicationScoped
public class SendingWorker {
  private static final Logger LOG = Logger.getLogger(SendingWorker.class.getName());
  static final Duration IDLE = Duration.ofSeconds(2);
  private static final int BATCH = 50;

  @Inject SendingService sending;

  @Resource ManagedThreadFactory threads;

  private final Object signal = new Object();
  private final String node = UUID.randomUUID().toString();
  private volatile boolean running;
  private volatile boolean woken;
  private Thread thread;

  void start(@Observes Lifecycle.Started started) {
    running = true;
    thread = threads.newThread(this::loop);
    thread.setName("postroom-sending");
    thread.start();
  }

  void stop(@Observes Lifecycle.Stopping stopping) throws InterruptedException {
    running = false;
    wake();
    Thread t = thread;
    if (t != null) {
      t.join(10_000);
    }
  }

  /** A message was held or scheduled: look again now. */
  public void wake() {
    synchronized (signal) {
      woken = true;
      signal.notifyAll();
    }
  }

  private void loop() {
    while (running) {
      try {
        List<Long> due = sending.due(BATCH);
        for (Long id : due) {
          if (!running) {
            return;
          }
          sending.release(id, node);
        }
        if (due.size() == BATCH) {
          continue;
        }
        sleep(sending.nextRelease().orElse(null));
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "postroom: releasing held messages failed; trying again", e);
        sleep(null);
      }
    }
  }

  private void sleep(OffsetDateTime next) {
    long millis = IDLE.toMillis();
    if (next != null) {
      millis = Math.max(0, Math.min(millis, Duration.between(Sql.now(), next).toMillis() + 5));
    }
    synchronized (signal) {
      if (!woken && millis > 0) {
        try {
          signal.wait(millis);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          running = false;
        }
      }
      woken = false;
    }
  }
}
