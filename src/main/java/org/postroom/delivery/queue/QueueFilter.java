package org.postroom.delivery.queue;

/** Which messages the queue view lists. */
public enum QueueFilter {
  /** Messages with a recipient still queued or deferred. */
  ACTIVE,
  /** Messages whose every recipient is delivered or failed. */
  FINISHED,
  ALL
}
