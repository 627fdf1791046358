package org.postroom.mailbox;

import java.io.Serializable;
import java.util.List;

/**
 * What changed in a folder's list since a modseq: rows to show (new, or changed: read, flagged, a
 * conversation with a newer message) and rows to take away (moved out or deleted). In the
 * conversation view a row stands for its thread. {@code reload}: too much changed to say, show the
 * list again.
 */
public record ListChanges(
    long modseq,
    List<ListRow> rows,
    List<Long> removedMessages,
    List<Long> removedThreads,
    boolean conversations,
    boolean reload)
    implements Serializable {}
