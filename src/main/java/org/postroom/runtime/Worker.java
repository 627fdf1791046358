package org.postroom.runtime;

import java.time.Duration;
import java.util.concurrent.ThreadFactory;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The one background loop of a node's lease-based work (the relay's dispatcher, the release of held
 * webmail messages): runs a step on a managed thread, again when the step asks (at most after the
 * idle period) or at once when {@link #wake()} is called. A step that fails is logged and tried
 * again after the idle period, so a database outage never ends the loop. What the step claims it
 * claims in the database, under {@link NodeIdentity}: any number of nodes can run the same worker.
 */
public final class Worker {
  private static final Logger LOG = Logger.getLogger(Worker.class.getName());

  /** One round of work; returns how long to wait before the next (zero: at once). */
  @FunctionalInterface
  public interface Step {
    Duration run();
  }

  private final String name;
  private final Duration idle;
  private final Step step;
  private final Object signal = new Object();
  private boolean signalled;
  private volatile boolean running;
  private Thread thread;

  /**
   * @param name the thread's name
   * @param idle the longest wait between two rounds, and the wait after a failure
   */
  public Worker(String name, Duration idle, Step step) {
    this.name = name;
    this.idle = idle;
    this.step = step;
  }

  public synchronized void start(ThreadFactory threads) {
    if (running) {
      return;
    }
    running = true;
    thread = threads.newThread(this::loop);
    thread.setName(name);
    thread.start();
  }

  /** Stops after the round in progress (waiting for it at most {@code grace}); never interrupts. */
  public synchronized void stop(Duration grace) {
    running = false;
    wake();
    Thread t = thread;
    thread = null;
    if (t != null) {
      try {
        t.join(grace.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** True until {@link #stop} is called: long rounds check it to end early. */
  public boolean isRunning() {
    return running;
  }

  /** There is work now: run the next round without waiting. */
  public void wake() {
    synchronized (signal) {
      signalled = true;
      signal.notifyAll();
    }
  }

  private void loop() {
    while (running) {
      Duration wait;
      try {
        wait = step.run();
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, name + ": failed, trying again in " + idle.toMillis() + " ms", e);
        wait = idle;
      }
      if (wait == null || wait.compareTo(idle) > 0) {
        wait = idle;
      }
      if (!wait.isZero() && !wait.isNegative()) {
        await(wait);
      }
    }
  }

  private void await(Duration wait) {
    synchronized (signal) {
      if (!signalled && running) {
        try {
          signal.wait(wait.toMillis());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          running = false;
        }
      }
      signalled = false;
    }
  }
}
