package org.postroom.mailbox;

/** The flags a message is stored with. */
public record MessageFlags(boolean seen, boolean flagged, boolean answered, boolean draft) {
  public static final MessageFlags NONE = new MessageFlags(false, false, false, false);
  public static final MessageFlags SEEN = new MessageFlags(true, false, false, false);

  /** The author's own copy of a draft: read, marked as a draft. */
  public static final MessageFlags DRAFT = new MessageFlags(true, false, false, true);
}
