package org.postroom.delivery.queue;

import java.time.OffsetDateTime;

/**
 * One remote recipient of a queued message and its delivery state. {@code nextAttemptAt} matters
 * while the recipient is queued or deferred; {@code remoteHost} and {@code lastReply} tell what the
 * last attempt met; {@code leased} is true while some node is delivering it; {@code pendingNotice}
 * is a notice to the sender not sent yet ({@code FAILED} or {@code DELAYED}).
 */
public record QueuedRecipient(
    long id,
    long messageId,
    String address,
    String domain,
    RecipientState state,
    int attempts,
    OffsetDateTime nextAttemptAt,
    OffsetDateTime lastAttemptAt,
    String lastReply,
    String remoteHost,
    OffsetDateTime finishedAt,
    boolean leased,
    String pendingNotice) {}
