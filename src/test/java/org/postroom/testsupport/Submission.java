package org.postroom.testsupport;

import jakarta.mail.Address;
import jakarta.mail.MessagingException;
import jakarta.mail.Session;
import jakarta.mail.internet.InternetAddress;
import java.io.ByteArrayInputStream;
import java.util.List;
import java.util.Properties;
import org.eclipse.angus.mail.smtp.SMTPAddressFailedException;
import org.eclipse.angus.mail.smtp.SMTPMessage;
import org.eclipse.angus.mail.smtp.SMTPSendFailedException;
import org.eclipse.angus.mail.smtp.SMTPTransport;

/**
 * A mail program talking to Postroom: Jakarta Mail's SMTP client on the STARTTLS submission port
 * with AUTH (or on the MX port without), the message's own bytes, the envelope given. Answers with
 * the server's final reply line ({@code 250 ...}, or the refusal) instead of throwing.
 */
public final class Submission {
  private Submission() {}

  /** The server's last reply: the 250 after DATA, or the refusal that ended the transaction. */
  public record Reply(int code, String line) {
    public boolean accepted() {
      return code >= 200 && code < 300;
    }
  }

  /** Submits as {@code user} over the STARTTLS submission port with AUTH. */
  public static Reply send(
      PostroomServer server,
      String user,
      String password,
      String from,
      List<String> to,
      byte[] message) {
    return transfer(server.submissionPort(), user, password, from, to, message);
  }

  /** Hands the message to the MX port as a stranger would: STARTTLS, but no AUTH. */
  public static Reply toMx(PostroomServer server, String from, List<String> to, byte[] message) {
    return transfer(server.smtpPort(), null, null, from, to, message);
  }

  private static Reply transfer(
      int port, String user, String password, String from, List<String> to, byte[] message) {
    Properties p = new Properties();
    p.put("mail.smtp.host", "127.0.0.1");
    p.put("mail.smtp.port", String.valueOf(port));
    p.put("mail.smtp.localhost", "client.test");
    p.put("mail.smtp.starttls.enable", "true");
    p.put("mail.smtp.starttls.required", "true");
    p.put("mail.smtp.ssl.trust", "*"); // the test server's certificate is self-signed
    p.put("mail.smtp.ssl.checkserveridentity", "false");
    p.put("mail.smtp.auth", String.valueOf(user != null));
    p.put("mail.smtp.timeout", "60000");
    p.put("mail.smtp.connectiontimeout", "10000");
    Session session = Session.getInstance(p);
    try {
      SMTPMessage m = new SMTPMessage(session, new ByteArrayInputStream(message));
      m.setEnvelopeFrom(from);
      Address[] rcpts = new Address[to.size()];
      for (int i = 0; i < rcpts.length; i++) {
        rcpts[i] = new InternetAddress(to.get(i));
      }
      try (SMTPTransport t = (SMTPTransport) session.getTransport("smtp")) {
        t.connect(user, password);
        try {
          t.sendMessage(m, rcpts);
          return new Reply(t.getLastReturnCode(), t.getLastServerResponse());
        } catch (MessagingException e) {
          return refusal(e, t);
        }
      }
    } catch (MessagingException e) {
      throw new AssertionError("SMTP to Postroom's port " + port + " failed: " + e, e);
    }
  }

  /** The reply that refused: a recipient's (RCPT) before the transaction's (MAIL, DATA). */
  private static Reply refusal(MessagingException e, SMTPTransport t) {
    Reply transaction = null;
    for (Exception x = e; x != null; ) {
      if (x instanceof SMTPAddressFailedException a) {
        return new Reply(a.getReturnCode(), a.getMessage().strip());
      }
      if (transaction == null && x instanceof SMTPSendFailedException f) {
        transaction = new Reply(f.getReturnCode(), f.getMessage().strip());
      }
      x = x instanceof MessagingException me ? me.getNextException() : null;
    }
    return transaction != null
        ? transaction
        : new Reply(t.getLastReturnCode(), t.getLastServerResponse());
  }
}
