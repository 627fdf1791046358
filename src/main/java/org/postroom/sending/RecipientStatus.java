package org.postroom.sending;

import java.io.Serializable;

/**
 * Where one recipient of a sent message stands: {@code state} is delivered, queued, deferred,
 * bounced or unknown (the queue no longer keeps it); {@code text} says it to a person (which server
 * took it and when, the reason and the next attempt, or why it bounced).
 */
public record RecipientStatus(String address, String state, String text, boolean done)
    implements Serializable {}
