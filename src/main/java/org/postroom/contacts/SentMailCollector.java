package org.postroom.contacts;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.event.ObservesAsync;
import jakarta.inject.Inject;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.postroom.db.Database;
import org.postroom.delivery.MessageSent;

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
    db.afterCommit(() -> collect(sent));
  }

  /** SMTP submission fires the event asynchronously: collecting never delays its 250 reply. */
  void onSentAsync(@ObservesAsync MessageSent sent) {
    collect(sent);
  }

  private void collect(MessageSent sent) {
    try {
      contacts.collect(sent.accountId(), sent.recipients());
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "could not collect the recipients of a sent message", e);
    }
  }
}
