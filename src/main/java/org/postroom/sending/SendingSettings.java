package org.postroom.sending;

import java.io.Serializable;

/**
 * A user's sending settings: the signature added to new messages, the Reply-To address (empty:
 * none) and how long a sent message waits for Undo ({@code null}: the server's default).
 */
public record SendingSettings(String signature, String replyTo, Integer undoSeconds)
    implements Serializable {
  public static final int MAX_UNDO_SECONDS = 60;
  public static final int MAX_SIGNATURE = 4000;
  public static final SendingSettings DEFAULTS = new SendingSettings("", "", null);
}
