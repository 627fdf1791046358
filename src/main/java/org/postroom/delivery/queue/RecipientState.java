package org.postroom.delivery.queue;

/** Where one remote recipient of a queued message stands. */
public enum RecipientState {
  /** Not tried yet. */
  QUEUED,
  /** Tried and failed temporarily; tried again at its next attempt time. */
  DEFERRED,
  /** A foreign server accepted it. */
  DELIVERED,
  /** Refused for good, or given up after the lifetime; the sender gets (or got) a bounce. */
  FAILED;

  public boolean isFinal() {
    return this == DELIVERED || this == FAILED;
  }
}
