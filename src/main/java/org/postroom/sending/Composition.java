package org.postroom.sending;

import java.io.Serializable;

/**
 * What the compose page holds, as typed: From, the three address fields, subject, the body (editor
 * HTML when {@code rich}, else plain text) and the message it answers or forwards, if any.
 */
public record Composition(
    String from,
    String to,
    String cc,
    String bcc,
    String subject,
    boolean rich,
    String body,
    Long originId,
    Origin origin)
    implements Serializable {

  /** How a composition relates to the message it was started from. */
  public enum Origin {
    REPLY,
    REPLY_ALL,
    FORWARD,
    FORWARD_ATTACHMENT;

    public boolean isForward() {
      return this == FORWARD || this == FORWARD_ATTACHMENT;
    }
  }

  public Composition {
    from = nonNull(from);
    to = nonNull(to);
    cc = nonNull(cc);
    bcc = nonNull(bcc);
    subject = nonNull(subject);
    body = nonNull(body);
    if (origin == null) {
      originId = null;
    }
  }

  private static String nonNull(String s) {
    return s == null ? "" : s;
  }
}
