package org.postroom.mailbox;

import java.io.Serializable;

/** A user's reading settings (one row per account; add a column for each new setting). */
public record MailSettings(int pageSize, boolean conversationView) implements Serializable {
  public static final int MIN_PAGE = 10;
  public static final int MAX_PAGE = 200;
  public static final MailSettings DEFAULTS = new MailSettings(50, true);
}
