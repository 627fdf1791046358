package org.postroom.mailbox;

/** The folders every account has from the start; they cannot be renamed or deleted. */
public enum FolderRole {
  INBOX("Inbox"),
  DRAFTS("Drafts"),
  SENT("Sent"),
  ARCHIVE("Archive"),
  JUNK("Junk"),
  TRASH("Trash");

  private final String defaultName;

  FolderRole(String defaultName) {
    this.defaultName = defaultName;
  }

  public String defaultName() {
    return defaultName;
  }
}
