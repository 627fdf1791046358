package org.postroom.delivery.queue;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import org.postroom.config.Setting;
import org.postroom.core.DeliveryException;
import org.postroom.core.SmtpStatus;
import org.postroom.runtime.ServerSettings;

/**
 * The brake on one account's mail to other domains, so that one stolen password cannot get the
 * server's address onto blocklists: a suspension switch, recipients per message, messages per hour
 * and per day. Counts come from the database, so every node sees the same numbers; two submissions
 * of one user racing each other can each pass a check that only one of them should, so a burst may
 * exceed a limit by at most the number of its parallel sessions.
 */
public final class SendingLimits {
  private final SendingLimitRepository store = new SendingLimitRepository();
  private final ServerSettings settings;

  public SendingLimits(ServerSettings settings) {
    this.settings = settings;
  }

  /** The limits in force for a user (0: no limit). */
  public record Limits(int perHour, int perDay, int recipientsPerMessage) {}

  public Limits effective(SendingPolicy p) {
    return new Limits(
        p.perHour() != null ? p.perHour() : settings.integer(Setting.RELAY_LIMIT_HOUR),
        p.perDay() != null ? p.perDay() : settings.integer(Setting.RELAY_LIMIT_DAY),
        p.recipientsPerMessage() != null
            ? p.recipientsPerMessage()
            : settings.integer(Setting.RELAY_LIMIT_RECIPIENTS));
  }

  /**
   * Refuses a message the account may not send now, and otherwise counts it.
   *
   * @throws DeliveryException 550 5.7.1 when suspended, 550 5.5.3 for too many recipients, 450
   *     4.7.1 when the hourly or daily limit is reached
   */
  public void admit(Connection c, long accountId, int recipients, OffsetDateTime now)
      throws SQLException {
    SendingPolicy p = store.policy(c, accountId).orElse(SendingPolicy.DEFAULT);
    if (p.suspended()) {
      throw new DeliveryException(
          SmtpStatus.of(
              550,
              "5.7.1",
              "Sending to other domains is suspended for this account; ask the postmaster"));
    }
    Limits l = effective(p);
    if (l.recipientsPerMessage() > 0 && recipients > l.recipientsPerMessage()) {
      throw new DeliveryException(
          SmtpStatus.of(
              550,
              "5.5.3",
              "Too many recipients at other domains: at most "
                  + l.recipientsPerMessage()
                  + " per message"));
    }
    if (l.perHour() > 0
        && store.sentSince(c, accountId, now.minus(Duration.ofHours(1))) >= l.perHour()) {
      throw limitReached(l.perHour() + " messages per hour");
    }
    if (l.perDay() > 0
        && store.sentSince(c, accountId, now.minus(Duration.ofDays(1))) >= l.perDay()) {
      throw limitReached(l.perDay() + " messages per day");
    }
    store.recordSent(c, accountId, recipients, now);
  }

  private static DeliveryException limitReached(String limit) {
    return new DeliveryException(
        SmtpStatus.of(
            450, "4.7.1", "Sending limit reached (" + limit + " to other domains); try later"));
  }
}
