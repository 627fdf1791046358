package org.postroom.contacts;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.postroom.db.Database;
import org.postroom.sending.MessageSent;

/**
 * Fills the address book from sent mail, after the sender's transaction has committed and in a
 * transaction of its own: a failure here is logged and never undoes or delays the send.
 */
@ApplicationScoped
public class SentMailCollector {
  private static final Logger LOG = Logger.getLogger(SentMailCollector.class.getName());

  @Inject ContactService contacts;
  @Inject Database db;

  void onSent(@Observes MessageSent sent) {
    db.afterCommit(
        () -> {
          try {
            contacts.collect(sent.accountId(), sent.recipients());
          } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "could not collect the recipients of a sent message", e);
          }
        });
  }
}
