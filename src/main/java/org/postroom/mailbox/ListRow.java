package org.postroom.mailbox;

import java.io.Serializable;

/**
 * One row of a message list: the message (for a conversation, its newest in this folder), how many
 * messages and unread messages its conversation has, and the folder's name (search results).
 */
public record ListRow(StoredMessage message, int threadCount, int threadUnread, String folderName)
    implements Serializable {
  public boolean isConversation() {
    return threadCount > 1;
  }

  public boolean isUnread() {
    return threadUnread > 0 || !message.seen();
  }
}
