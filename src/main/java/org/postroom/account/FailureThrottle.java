package org.postroom.account;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.time.OffsetDateTime;
import org.postroom.db.Database;
import org.postroom.db.Sql;

/**
 * Counts failed sign-ins (web, API, SMTP AUTH) per bucket, such as a client address or an account,
 * in fixed windows. The counts live in the database so that every node sees the same numbers.
 */
@ApplicationScoped
public class FailureThrottle {
  @Inject Database db;

  protected FailureThrottle() {}

  public FailureThrottle(Database db) {
    this.db = db;
  }

  /** True when the bucket has reached {@code limit} failures within the current window. */
  public boolean isBlocked(String bucket, int limit, Duration window) {
    return db.read(
        c ->
            Sql.one(
                    c,
                    "select failures, window_start from login_failure where bucket = ?",
                    rs ->
                        rs.getInt(1) >= limit
                            && Sql.timestamp(rs, "window_start").isAfter(Sql.now().minus(window)),
                    bucket)
                .orElse(false));
  }

  public void recordFailure(String bucket, Duration window) {
    try {
      count(bucket, window);
    } catch (org.postroom.db.DataAccessException.DuplicateKeyException e) {
      count(bucket, window); // a concurrent first failure inserted the row; now it updates
    }
  }

  private void count(String bucket, Duration window) {
    OffsetDateTime now = Sql.now();
    db.run(
        c -> {
          int n =
              Sql.update(
                  c,
                  "update login_failure set failures = case when window_start < ? then 1 else"
                      + " failures + 1 end, window_start = case when window_start < ? then ? else"
                      + " window_start end where bucket = ?",
                  now.minus(window),
                  now.minus(window),
                  now,
                  bucket);
          if (n == 0) {
            Sql.update(
                c,
                "insert into login_failure (bucket, window_start, failures) values (?, ?, 1)",
                bucket,
                now);
          }
        });
  }

  public void clear(String bucket) {
    db.run(c -> Sql.update(c, "delete from login_failure where bucket = ?", bucket));
  }
}
