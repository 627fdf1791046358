package org.postroom.mime;

import java.io.Serializable;
import java.time.OffsetDateTime;

/**
 * What the store keeps beside the raw bytes of a message, extracted once at delivery: enough to
 * draw a message list, thread, and find replies, without parsing MIME on every page view.
 */
public record MessageSummary(
    String fromAddress,
    String fromName,
    String toList,
    String ccList,
    String subject,
    OffsetDateTime sentAt,
    String messageId,
    String inReplyTo,
    String references,
    boolean hasAttachments,
    String snippet)
    implements Serializable {}
