package org.postroom.delivery;

import java.util.List;
import org.postroom.core.EmailAddress;

/**
 * The SMTP envelope of a message: the reverse-path (empty for the null sender {@code <>}, used by
 * bounces) and the recipients it is for.
 */
public record Envelope(String reversePath, List<EmailAddress> recipients) {
  public Envelope {
    reversePath = reversePath == null ? "" : reversePath;
    recipients = List.copyOf(recipients);
  }

  public boolean isNullSender() {
    return reversePath.isEmpty();
  }
}
