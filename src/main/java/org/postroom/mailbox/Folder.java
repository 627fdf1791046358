package org.postroom.mailbox;

import java.io.Serializable;
import java.util.Optional;

/** A folder of one account with its message and unread counters. */
public record Folder(
    long id, long accountId, String name, FolderRole role, int totalCount, int unreadCount)
    implements Serializable {

  public Optional<FolderRole> roleIfAny() {
    return Optional.ofNullable(role);
  }

  /** The user's own folders can be renamed and deleted; the standard ones cannot. */
  public boolean isUserFolder() {
    return role == null;
  }
}
