package org.postroom.mailbox;

import java.util.List;

/**
 * A user said what some of their messages are by moving them: into Junk ({@code spam}), or out of
 * Junk to anywhere but Trash (not spam). Fired (asynchronously) after the move committed, whatever
 * moved them (the webmail's buttons, drag and drop, Move to, a mail program), so a content filter
 * can learn from it.
 */
public record JunkVerdict(long accountId, List<Long> messageIds, boolean spam) {
  public JunkVerdict {
    messageIds = List.copyOf(messageIds);
  }
}
