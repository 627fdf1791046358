package org.postroom.sending;

import java.io.Serializable;
import java.time.OffsetDateTime;

/**
 * Where one recipient of a sent message stands: {@code state} is delivered, queued, deferred,
 * bounced or unknown (the queue no longer keeps it), with what the page says about it: the server
 * that took it or the reply that refused it, when, the next attempt. The page writes the sentence
 * in the user's language and time zone.
 *
 * @param local delivered to a mailbox here (no foreign server involved)
 */
public record RecipientStatus(
    String address,
    String state,
    boolean local,
    String remoteHost,
    OffsetDateTime at,
    String reply,
    OffsetDateTime nextAttemptAt,
    String domain,
    boolean done)
    implements Serializable {}
