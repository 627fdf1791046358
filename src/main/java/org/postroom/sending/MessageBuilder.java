package org.postroom.sending;

import jakarta.activation.DataHandler;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.internet.MimePart;
import jakarta.mail.internet.MimeUtility;
import jakarta.mail.util.ByteArrayDataSource;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Date;
import java.util.List;
import org.postroom.mime.MimeSession;

/**
 * Writes an {@link OutgoingMessage} as RFC 5322 / MIME bytes: headers RFC 2047-encoded where they
 * are not ASCII, UTF-8 bodies in 7bit when they are plain short-lined ASCII and quoted-printable or
 * base64 otherwise (so no line over 998 characters goes out raw), CRLF line ends throughout. A rich
 * body becomes multipart/alternative with a generated text/plain part. Refuses CR or LF in any
 * header text: the last line of defence against header injection after the form's own check.
 */
public final class MessageBuilder {
  private MessageBuilder() {}

  /**
   * A message written once: the author's copy (Sent, Drafts) carries the Bcc field, the delivered
   * copy is the same bytes without it.
   */
  public record Built(byte[] authorCopy) {
    /** The message as delivered: the author's copy without its Bcc field. */
    public byte[] delivered() {
      return withoutBcc(authorCopy);
    }

    public int size() {
      return authorCopy.length;
    }
  }

  public static Built write(OutgoingMessage m) {
    return new Built(write(m, true));
  }

  /** The bytes with the Bcc field (and its folded lines) taken out of the header section. */
  static byte[] withoutBcc(byte[] message) {
    int end = indexOf(message, new byte[] {'\r', '\n', '\r', '\n'});
    int headerEnd = end < 0 ? message.length : end + 2;
    ByteArrayOutputStream out = new ByteArrayOutputStream(message.length);
    boolean skipping = false;
    int i = 0;
    while (i < headerEnd) {
      int eol = indexOf(message, new byte[] {'\r', '\n'}, i);
      int next = eol < 0 || eol + 2 > headerEnd ? headerEnd : eol + 2;
      boolean continuation = message[i] == ' ' || message[i] == '\t';
      if (!continuation) {
        skipping = startsWithIgnoreCase(message, i, "Bcc:");
      }
      if (!skipping) {
        out.write(message, i, next - i);
      }
      i = next;
    }
    out.write(message, headerEnd, message.length - headerEnd);
    return out.toByteArray();
  }

  private static int indexOf(byte[] b, byte[] what) {
    return indexOf(b, what, 0);
  }

  private static int indexOf(byte[] b, byte[] what, int from) {
    outer:
    for (int i = from; i <= b.length - what.length; i++) {
      for (int j = 0; j < what.length; j++) {
        if (b[i + j] != what[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  private static boolean startsWithIgnoreCase(byte[] b, int at, String prefix) {
    if (at + prefix.length() > b.length) {
      return false;
    }
    for (int j = 0; j < prefix.length(); j++) {
      if (Character.toLowerCase((char) b[at + j]) != Character.toLowerCase(prefix.charAt(j))) {
        return false;
      }
    }
    return true;
  }

  private static byte[] write(OutgoingMessage m, boolean withBcc) {
    try {
      String id = m.messageId();
      MimeMessage msg =
          new MimeMessage(MimeSession.get()) {
            @Override
            protected void updateMessageID() throws MessagingException {
              // our own id: Jakarta Mail's default would look up the local host name
              setHeader("Message-ID", id);
            }
          };
      msg.setFrom(checked(m.from()));
      setAddresses(msg, Message.RecipientType.TO, m.to());
      setAddresses(msg, Message.RecipientType.CC, m.cc());
      if (withBcc) {
        setAddresses(msg, Message.RecipientType.BCC, m.bcc());
      }
      if (m.replyTo() != null) {
        msg.setReplyTo(new InternetAddress[] {checked(m.replyTo())});
      }
      msg.setSubject(noLineBreaks(m.subject()), "UTF-8");
      msg.setSentDate(Date.from(m.date().toInstant()));
      if (m.inReplyTo() != null && !m.inReplyTo().isBlank()) {
        msg.setHeader("In-Reply-To", noLineBreaks(m.inReplyTo()));
      }
      if (m.references() != null && !m.references().isBlank()) {
        msg.setHeader("References", MimeUtility.fold(12, noLineBreaks(m.references())));
      }
      msg.setHeader("MIME-Version", "1.0");
      if (m.attachments().isEmpty() && m.forwarded() == null) {
        fillBody(msg, m);
      } else {
        MimeBodyPart body = new MimeBodyPart();
        fillBody(body, m);
        MimeMultipart mixed = new MimeMultipart("mixed");
        mixed.addBodyPart(body);
        for (OutgoingMessage.Attachment a : m.attachments()) {
          mixed.addBodyPart(attachment(a));
        }
        if (m.forwarded() != null) {
          mixed.addBodyPart(forwarded(m.forwarded(), m.forwardedName()));
        }
        msg.setContent(mixed);
      }
      msg.saveChanges();
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      msg.writeTo(out);
      return out.toByteArray();
    } catch (MessagingException e) {
      throw new IllegalArgumentException("cannot write the message: " + e.getMessage(), e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The text, or for a rich body text and HTML as multipart/alternative. */
  private static void fillBody(MimePart target, OutgoingMessage m) throws MessagingException {
    String text = m.rich() ? HtmlText.toPlain(m.body()) : m.body();
    if (!m.rich()) {
      target.setText(crlf(text), "UTF-8", "plain");
      return;
    }
    MimeBodyPart plain = new MimeBodyPart();
    plain.setText(crlf(text), "UTF-8", "plain");
    MimeBodyPart html = new MimeBodyPart();
    html.setText(crlf(HtmlText.document(m.body())), "UTF-8", "html");
    MimeMultipart alternative = new MimeMultipart("alternative");
    alternative.addBodyPart(plain);
    alternative.addBodyPart(html);
    target.setContent(alternative);
  }

  private static MimeBodyPart attachment(OutgoingMessage.Attachment a) throws MessagingException {
    MimeBodyPart p = new MimeBodyPart();
    p.setDataHandler(new DataHandler(new ByteArrayDataSource(a.content(), a.contentType())));
    p.setFileName(noLineBreaks(a.fileName()));
    p.setDisposition(MimeBodyPart.ATTACHMENT);
    // base64 whatever the type: text files with long or bare-LF lines must not go out raw
    p.setHeader("Content-Transfer-Encoding", "base64");
    return p;
  }

  private static MimeBodyPart forwarded(byte[] original, String name) throws MessagingException {
    MimeBodyPart p = new MimeBodyPart();
    p.setDataHandler(new DataHandler(new ByteArrayDataSource(original, "message/rfc822")));
    p.setFileName(noLineBreaks(name));
    p.setDisposition(MimeBodyPart.ATTACHMENT);
    // RFC 2046 allows only identity encodings here; an original with over-long lines is sent in
    // base64 instead (readers decode it) rather than with lines no server has to accept
    p.setHeader("Content-Transfer-Encoding", identityEncoding(original));
    return p;
  }

  /** 7bit, 8bit, or base64 when a line is over 998 octets or a CR or LF stands alone. */
  static String identityEncoding(byte[] b) {
    boolean eight = false;
    int line = 0;
    for (int i = 0; i < b.length; i++) {
      int c = b[i] & 0xff;
      if (c == '\r' && i + 1 < b.length && b[i + 1] == '\n') {
        i++;
        line = 0;
        continue;
      }
      if (c == '\r' || c == '\n' || c == 0 || ++line > 998) {
        return "base64";
      }
      eight |= c > 127;
    }
    return eight ? "8bit" : "7bit";
  }

  private static void setAddresses(
      MimeMessage msg, Message.RecipientType type, List<InternetAddress> list)
      throws MessagingException {
    if (!list.isEmpty()) {
      InternetAddress[] a = new InternetAddress[list.size()];
      for (int i = 0; i < a.length; i++) {
        a[i] = checked(list.get(i));
      }
      msg.setRecipients(type, a);
    }
  }

  private static InternetAddress checked(InternetAddress a) {
    noLineBreaks(a.getAddress());
    noLineBreaks(a.getPersonal());
    return a;
  }

  /** The text itself, or an exception when it holds CR or LF (a header must stay one field). */
  static String noLineBreaks(String s) {
    if (s != null && (s.indexOf('\r') >= 0 || s.indexOf('\n') >= 0)) {
      throw new IllegalArgumentException("line break in a header field");
    }
    return s == null ? "" : s;
  }

  /** Every line ending as CRLF, as a text body must be on the wire. */
  static String crlf(String s) {
    return (s == null ? "" : s).replace("\r\n", "\n").replace('\r', '\n').replace("\n", "\r\n");
  }
}
