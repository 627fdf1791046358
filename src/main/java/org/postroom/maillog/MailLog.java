package org.postroom.maillog;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.postroom.account.AccountService;
import org.postroom.config.Setting;
import org.postroom.db.Database;
import org.postroom.db.Sql;
import org.postroom.runtime.ServerSettings;

/**
 * The mail log: one line per message and recipient, and per refused recipient, kept in the database
 * (so an admin can search it on any node) and written to the server log under the logger {@code
 * postroom.maillog} (so it can be grepped). Lines older than {@code postroom.maillog.retention} are
 * deleted, at most once an hour per node.
 */
@ApplicationScoped
public class MailLog {
  private static final Logger LOG = Logger.getLogger("postroom.maillog");
  private static final long PURGE_INTERVAL_MILLIS = Duration.ofHours(1).toMillis();

  /** The most lines one search returns. */
  public static final int MAX_RESULTS = 500;

  private final MailLogRepository repository = new MailLogRepository();
  private final AtomicLong lastPurge = new AtomicLong();

  @Inject Database db;
  @Inject ServerSettings settings;
  @Inject AccountService accounts;

  /** Stores lines inside the caller's transaction; call {@link #committed} after it commits. */
  public void insert(Connection c, List<MailLogEntry> lines) throws SQLException {
    if (!lines.isEmpty()) {
      repository.insert(c, lines, Sql.now());
    }
  }

  /** Stores lines in a transaction of their own and writes them to the server log. */
  public void record(List<MailLogEntry> lines) {
    if (lines.isEmpty()) {
      return;
    }
    db.run(c -> insert(c, lines));
    committed(lines);
  }

  /** After the lines' transaction committed: writes them to the server log, purges old ones. */
  public void committed(List<MailLogEntry> lines) {
    if (LOG.isLoggable(Level.INFO)) {
      for (MailLogEntry e : lines) {
        LOG.info(e.logLine());
      }
    }
    purgeIfDue();
  }

  /**
   * Admin: the newest lines that mention the text (an address or part of one, a mail id, a
   * Message-ID, a client address); the newest lines of all when the text is blank.
   *
   * @param beforeId continue below this line id (paging), or null
   */
  public List<MailLogEntry> search(String text, Long beforeId, int limit) {
    accounts.requireAdmin();
    int n = Math.max(1, Math.min(limit, MAX_RESULTS));
    String q = text == null ? "" : text.strip();
    return db.read(
        c ->
            q.isEmpty() ? repository.latest(c, beforeId, n) : repository.search(c, q, beforeId, n));
  }

  private void purgeIfDue() {
    long now = System.currentTimeMillis();
    long last = lastPurge.get();
    if (now - last < PURGE_INTERVAL_MILLIS || !lastPurge.compareAndSet(last, now)) {
      return;
    }
    Duration keep = settings.duration(Setting.MAIL_LOG_RETENTION);
    try {
      int n = db.transaction(c -> repository.deleteOlderThan(c, Sql.now().minus(keep)));
      if (n > 0) {
        LOG.fine(() -> "mail log: deleted " + n + " lines older than " + keep);
      }
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "mail log: purge failed", e);
    }
  }
}
