package org.postroom.spam;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.ObservesAsync;
import jakarta.inject.Inject;
import java.util.Optional;
import java.util.logging.Logger;
import org.postroom.db.Database;
import org.postroom.mailbox.JunkVerdict;
import org.postroom.mailbox.MailStore;

/**
 * Teaches rspamd what users say by moving mail: into Junk is spam ({@code learnspam}), out of Junk
 * to anywhere but Trash is not ({@code learnham}), whether by the Spam / Not spam buttons, drag and
 * drop, Move to or a mail program. One statistics store for the whole domain (rspamd's default
 * Bayes, ADR 0085): a small domain's users teach it together. Without rspamd the moves are just
 * moves. Runs after the move committed, off the request's thread.
 */
@ApplicationScoped
public class Training {
  private static final Logger LOG = Logger.getLogger(Training.class.getName());
  private static final int MAX_PER_MOVE = 200;

  @Inject Rspamd rspamd;
  @Inject Database db;
  @Inject MailStore store;

  void learn(@ObservesAsync JunkVerdict v) {
    if (!rspamd.configured()) {
      return;
    }
    int learned = 0;
    for (long id : v.messageIds().subList(0, Math.min(MAX_PER_MOVE, v.messageIds().size()))) {
      Optional<byte[]> bytes = db.read(c -> store.content(c, v.accountId(), id));
      if (bytes.isPresent() && rspamd.learn(bytes.get(), v.spam())) {
        learned++;
      }
    }
    int n = learned;
    LOG.info(
        () ->
            "spam: rspamd learned "
                + n
                + " of "
                + v.messageIds().size()
                + " moved messages as "
                + (v.spam() ? "spam" : "not spam"));
  }
}
