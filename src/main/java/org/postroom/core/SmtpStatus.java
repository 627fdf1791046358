package org.postroom.core;

import java.io.Serializable;

/**
 * An SMTP reply as a value: basic code, enhanced status code (RFC 3463) and a text that is safe to
 * show to the client. Whether the failure is temporary follows from the code.
 */
public record SmtpStatus(int code, String enhanced, String text) implements Serializable {
  public SmtpStatus {
    if (code < 200 || code > 599) {
      throw new IllegalArgumentException("not an SMTP reply code: " + code);
    }
  }

  public static SmtpStatus of(int code, String enhanced, String text) {
    return new SmtpStatus(code, enhanced, text);
  }

  public boolean isPositive() {
    return code < 400;
  }

  public boolean isTemporary() {
    return code >= 400 && code < 500;
  }

  public boolean isPermanent() {
    return code >= 500;
  }

  /** The reply line as sent on the wire, without CRLF. */
  public String line() {
    return code + " " + (enhanced == null ? "" : enhanced + " ") + text;
  }

  @Override
  public String toString() {
    return line();
  }

  // replies used in several places
  public static final SmtpStatus MAILBOX_FULL = of(452, "4.2.2", "Mailbox full, try again later");
  public static final SmtpStatus LOCAL_ERROR =
      of(451, "4.3.0", "Local error in processing, try again later");
  public static final SmtpStatus NO_SUCH_USER = of(550, "5.1.1", "No such user here");
}
