package org.postroom.delivery;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import org.postroom.core.DeliveryException;
import org.postroom.core.SmtpStatus;
import org.postroom.mailbox.RawMessage;

/**
 * The outbound queue until the relay exists: every remote recipient gets a clear temporary failure,
 * so the client keeps the message and nothing is silently dropped.
 */
@ApplicationScoped
public class UnavailableRelay implements OutboundQueue {
  @Override
  public long enqueue(Connection c, Envelope envelope, RawMessage raw, Long submitterAccountId)
      throws DeliveryException {
    throw new DeliveryException(
        SmtpStatus.of(451, "4.4.0", "Relaying to other domains is not available yet, try later"));
  }
}
