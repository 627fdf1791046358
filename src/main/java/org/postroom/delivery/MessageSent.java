package org.postroom.delivery;

import java.util.List;

/**
 * Fired (CDI event) after a message from the webmail or from a mail program's authenticated
 * submission has been sent: committed to the recipients' mailboxes and the relay queue. The address
 * book observes it to remember the recipients.
 */
public record MessageSent(long accountId, List<String> recipients) {
  public MessageSent {
    recipients = List.copyOf(recipients);
  }
}
