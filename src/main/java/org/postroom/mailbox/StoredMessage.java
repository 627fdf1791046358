package org.postroom.mailbox;

import java.io.Serializable;
import java.time.OffsetDateTime;
import org.postroom.mime.MessageSummary;

/** One message in one mailbox, as the list shows it (the raw bytes stay in the database). */
public record StoredMessage(
    long id,
    long accountId,
    long folderId,
    long blobId,
    Long threadId,
    OffsetDateTime receivedAt,
    long sizeBytes,
    boolean seen,
    boolean flagged,
    boolean answered,
    boolean draft,
    MessageSummary summary)
    implements Serializable {}
