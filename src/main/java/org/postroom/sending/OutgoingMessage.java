package org.postroom.sending;

import jakarta.mail.internet.InternetAddress;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * Everything a message from the webmail is made of, checked and ready to be written as MIME: the
 * addresses already parsed, the body as the user wrote it (sanitised HTML when {@code rich}, else
 * plain text), files to attach and, for a forward as attachment, the original's bytes.
 */
public record OutgoingMessage(
    InternetAddress from,
    List<InternetAddress> to,
    List<InternetAddress> cc,
    List<InternetAddress> bcc,
    InternetAddress replyTo,
    String subject,
    boolean rich,
    String body,
    List<Attachment> attachments,
    byte[] forwarded,
    String forwardedName,
    String messageId,
    String inReplyTo,
    String references,
    OffsetDateTime date) {

  /** One file: its name, MIME type and bytes. */
  public record Attachment(String fileName, String contentType, byte[] content) {}

  public OutgoingMessage {
    to = List.copyOf(to);
    cc = List.copyOf(cc);
    bcc = List.copyOf(bcc);
    attachments = List.copyOf(attachments);
  }

  /** Every envelope recipient: To, Cc and Bcc. */
  public List<InternetAddress> recipients() {
    List<InternetAddress> all = new java.util.ArrayList<>(to);
    all.addAll(cc);
    all.addAll(bcc);
    return all;
  }
}
