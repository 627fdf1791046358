package org.postroom.delivery;

import java.sql.Connection;
import org.postroom.core.DeliveryException;
import org.postroom.core.RawMessage;

/**
 * Where mail for other domains goes: a durable queue that the relay works off. {@link #enqueue}
 * runs inside the caller's transaction (the same one that stores local copies), so one commit
 * covers every recipient of a submitted message.
 */
public interface OutboundQueue {
  /**
   * Queues a message for remote recipients.
   *
   * @param envelope the reverse-path and only the remote recipients
   * @param submitterAccountId the local account that submitted it, or null (bounces, forwards)
   * @return the queue id of the message
   * @throws DeliveryException when the message cannot be queued (e.g. a sending limit)
   */
  long enqueue(Connection c, Envelope envelope, RawMessage raw, Long submitterAccountId)
      throws DeliveryException;
}
