package org.postroom.delivery.queue;

import java.time.OffsetDateTime;

/**
 * A message in the outbound queue, without its bytes: the envelope sender ({@code ""} for the null
 * sender of a bounce), who submitted it, and what the queue view shows.
 */
public record QueuedMessage(
    long id,
    String reversePath,
    Long submitterId,
    long size,
    String headerMessageId,
    String subject,
    OffsetDateTime createdAt) {

  public boolean isNullSender() {
    return reversePath.isEmpty();
  }
}
