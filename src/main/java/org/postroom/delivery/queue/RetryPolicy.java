package org.postroom.delivery.queue;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Optional;
import org.postroom.config.Setting;
import org.postroom.runtime.ServerSettings;

/**
 * When a deferred recipient is tried again, and when the queue gives up; the rules are on {@link
 * RelayQueue}. Read from the runtime settings at every decision, so a change applies to the next
 * failure without a restart.
 *
 * @param first wait after the first temporary failure
 * @param max longest wait between attempts
 * @param lifetime age of a message after which a temporary failure becomes final
 */
public record RetryPolicy(Duration first, Duration max, Duration lifetime) {
  public RetryPolicy {
    if (first.isNegative() || max.isNegative() || lifetime.isNegative()) {
      throw new IllegalArgumentException("durations cannot be negative");
    }
  }

  public static RetryPolicy of(ServerSettings settings) {
    return new RetryPolicy(
        settings.duration(Setting.RELAY_RETRY_FIRST),
        settings.duration(Setting.RELAY_RETRY_MAX),
        settings.duration(Setting.RELAY_LIFETIME));
  }

  /** The wait after {@code failures} temporary failures in a row (1 for the first). */
  public Duration backoff(int failures) {
    Duration wait = first;
    for (int i = 1; i < failures && wait.compareTo(max) < 0; i++) {
      wait = wait.multipliedBy(2);
    }
    return wait.compareTo(max) > 0 ? max : wait;
  }

  /**
   * After a temporary failure: the time of the next attempt, or empty when the message has been
   * queued for its whole lifetime and the recipient fails for good. The last attempt is made when
   * the lifetime ends, not skipped because the backoff would reach past it.
   */
  public Optional<OffsetDateTime> nextAttempt(
      OffsetDateTime queuedAt, int failures, OffsetDateTime now) {
    OffsetDateTime end = queuedAt.plus(lifetime);
    if (!now.isBefore(end)) {
      return Optional.empty();
    }
    OffsetDateTime next = now.plus(backoff(failures));
    return Optional.of(next.isAfter(end) ? end : next);
  }
}
