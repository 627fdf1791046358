package org.postroom.delivery.queue;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;

/**
 * A sender's own view of a message it queued: where each remote recipient stands. Scoped to the
 * account that submitted it, so another account's queue id shows nothing.
 */
@ApplicationScoped
public class DeliveryStatus {
  private final OutboundRepository store = new OutboundRepository();

  /** The recipients of the queued message, or none when the account did not submit it. */
  public List<QueuedRecipient> recipients(Connection c, long submitterAccountId, long queueId)
      throws SQLException {
    return store.recipientsSubmittedBy(c, submitterAccountId, queueId);
  }
}
