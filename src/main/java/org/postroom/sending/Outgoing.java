package org.postroom.sending;

import java.io.Serializable;
import java.time.OffsetDateTime;

/**
 * A message of the webmail before it is sent: a draft being written, a message held for undo, or
 * one scheduled for later. One row per compose window ({@code composeKey}), replaced on each save.
 */
public record Outgoing(
    long id,
    long accountId,
    String composeKey,
    State state,
    OffsetDateTime releaseAt,
    Composition composition,
    Long draftMessageId,
    String headerMessageId,
    String lastError,
    OffsetDateTime updatedAt)
    implements Serializable {

  /** DRAFT: being written; HELD: waiting for undo; SCHEDULED: send later; SENDING: claimed. */
  public enum State {
    DRAFT,
    HELD,
    SCHEDULED,
    SENDING
  }

  /** A file attached to it (without the bytes). */
  public record File(long id, String fileName, String contentType, long size)
      implements Serializable {}
}
