package org.postroom.mailbox;

import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.postroom.db.Database;
import org.postroom.db.Sql;
import org.postroom.runtime.Lifecycle;

/**
 * At start, threads and indexes every message that is not (mail stored before the search schema, or
 * by a version that skipped it), in small transactions in the background. Delivery writes the index
 * in its own transaction, so after a crash there is nothing half-done to repair; this only catches
 * up. Safe on several nodes at once: each message is re-indexed idempotently.
 */
@ApplicationScoped
public class SearchCatchUp {
  private static final Logger LOG = Logger.getLogger(SearchCatchUp.class.getName());
  static final int BATCH = 200;
  private final MessageRepository messages = new MessageRepository();
  @Inject MailStore store;

  @Inject Database db;

  @Resource ManagedExecutorService executor;

  void onStart(@Observes Lifecycle.Started started) {
    executor.submit(this::run);
  }

  /** Catches up everything; returns how many messages it indexed. */
  public int run() {
    int done = 0;
    long after = 0;
    for (int round = 0; round < 1_000_000; round++) {
      long from = after;
      List<StoredMessage> batch =
          db.read(
              c ->
                  Sql.list(
                      c,
                      "select "
                          + MessageRepository.COLUMNS
                          + " from message m where m.indexed = false and m.id > ?"
                          + " order by m.indexed, m.id limit ?",
                      MessageRepository::map,
                      from,
                      BATCH));
      if (batch.isEmpty()) {
        break;
      }
      for (StoredMessage m : batch) {
        try {
          db.run(
              c -> {
                byte[] raw = messages.content(c, m.accountId(), m.id()).orElse(new byte[0]);
                store.catchUp(c, m, raw);
              });
          done++;
        } catch (RuntimeException e) {
          LOG.log(Level.WARNING, "could not index message " + m.id(), e);
        }
        after = m.id();
      }
    }
    if (done > 0) {
      LOG.info("postroom: indexed and threaded " + done + " stored messages");
    }
    return done;
  }
}
