package org.postroom.delivery.remote;

import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.URLName;
import java.io.IOException;
import java.io.OutputStream;
import org.eclipse.angus.mail.smtp.SMTPTransport;

/**
 * Angus Mail's SMTP transport with access to its protocol steps, so that one transaction can send
 * the message's own bytes (not a re-encoded MimeMessage) and read every reply: MAIL, each RCPT,
 * DATA and the final dot. Greeting, EHLO, STARTTLS, AUTH and the dot-stuffing stay Angus's.
 */
final class RelayTransport extends SMTPTransport {
  /** DATA went out pipelined and its 354 is read: the data phase starts without sending it. */
  private boolean dataAccepted;

  RelayTransport(Session session) {
    super(session, new URLName("smtp", null, -1, null, null, null), "smtp", false);
  }

  /** Sends one command without waiting (PIPELINING). */
  synchronized void send(String command) throws MessagingException {
    sendCommand(command);
  }

  /** Reads one reply; its text is {@link #getLastServerResponse()}. -1 when the line is lost. */
  synchronized int read() throws MessagingException {
    return readServerResponse();
  }

  /** DATA, expecting 354; the stream dot-stuffs and fixes line ends. */
  synchronized OutputStream startData() throws MessagingException {
    return data();
  }

  /** The data stream after a pipelined DATA whose 354 the caller has read already. */
  synchronized OutputStream continueData() throws MessagingException {
    dataAccepted = true;
    try {
      return data();
    } finally {
      dataAccepted = false;
    }
  }

  @Override
  protected void sendCommand(String cmd) throws MessagingException {
    if (!(dataAccepted && cmd.equals("DATA"))) {
      super.sendCommand(cmd);
    }
  }

  @Override
  protected int readServerResponse() throws MessagingException {
    return dataAccepted ? 354 : super.readServerResponse();
  }

  /** The final dot and its reply; a reply other than 250 throws, with the code kept. */
  synchronized void endData() throws MessagingException, IOException {
    finishData();
  }

  void closeQuietly() {
    try {
      close();
    } catch (MessagingException | RuntimeException e) {
      // the connection is gone either way
    }
  }
}
