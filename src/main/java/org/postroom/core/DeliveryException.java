package org.postroom.core;

/**
 * A message could not be accepted; {@link #status()} is what the client is told. Unchecked, so it
 * passes through a transaction (which then rolls back) to the SMTP session or page that answers.
 */
public class DeliveryException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final SmtpStatus status;

  public DeliveryException(SmtpStatus status) {
    super(status.line());
    this.status = status;
  }

  public DeliveryException(SmtpStatus status, Throwable cause) {
    super(status.line(), cause);
    this.status = status;
  }

  public SmtpStatus status() {
    return status;
  }

  public boolean isTemporary() {
    return status.isTemporary();
  }
}
