package org.postroom.mime;

import java.io.Serializable;
import java.time.OffsetDateTime;
import java.util.List;

/**
 * A message as the reader shows it: decoded headers, the plain and HTML bodies (either may be
 * null), the attachments and inline images, and notes about anything that could not be read. Bcc is
 * only ever present in the author's own copy (Sent, Drafts): delivered copies go without it.
 */
public record ReadMessage(
    String subject,
    List<MailAddress> from,
    List<MailAddress> to,
    List<MailAddress> cc,
    List<MailAddress> bcc,
    List<MailAddress> replyTo,
    OffsetDateTime sentAt,
    String messageId,
    String text,
    String html,
    List<MailPart> parts,
    List<String> notes)
    implements Serializable {

  public List<MailPart> attachments() {
    return parts.stream().filter(MailPart::attachment).toList();
  }

  public MailAddress sender() {
    return from.isEmpty() ? new MailAddress("", "") : from.get(0);
  }
}
