package org.postroom.mailbox;

import java.io.Serializable;

/**
 * How the webmail looks for a user.
 *
 * @param language {@code en}, {@code de}, or null for the browser's choice
 * @param timeZone an IANA zone id, or null for the browser's
 * @param theme SYSTEM (follow the device), LIGHT or DARK
 * @param readingPane list and message side by side on wide screens
 */
public record DisplaySettings(String language, String timeZone, Theme theme, boolean readingPane)
    implements Serializable {
  public enum Theme {
    SYSTEM,
    LIGHT,
    DARK
  }

  public static final DisplaySettings DEFAULTS =
      new DisplaySettings(null, null, Theme.SYSTEM, false);
}
