package org.postroom.maillog;

import java.time.OffsetDateTime;
import org.postroom.core.SmtpStatus;

/**
 * One line of the mail log: what happened to one recipient of one message (or to one refused
 * recipient), and what the sending client was told.
 *
 * @param id database id (0 before it is stored)
 * @param mailId the id in our 250 reply and Received field
 * @param channel {@code mx}, {@code submission} or {@code submissions}
 * @param authUser the authenticated account, or null
 * @param mailFrom the envelope sender, empty for the null sender
 * @param rcptTo the recipient as the client gave it
 * @param messageId the Message-ID header, or null (e.g. refused before DATA)
 * @param size the message size, or null when not received
 */
public record MailLogEntry(
    long id,
    OffsetDateTime loggedAt,
    String mailId,
    String channel,
    String clientIp,
    String clientHelo,
    String authUser,
    String mailFrom,
    String rcptTo,
    String messageId,
    Long size,
    SmtpStatus status) {

  /** The line as it goes to the server log: one line, key=value, easy to grep. */
  public String logLine() {
    return "mail id="
        + mailId
        + " channel="
        + channel
        + " client="
        + clientIp
        + (authUser == null ? "" : " user=" + authUser)
        + " from=<"
        + mailFrom
        + "> to=<"
        + rcptTo
        + ">"
        + (messageId == null ? "" : " message-id=" + messageId)
        + (size == null ? "" : " size=" + size)
        + " result=\""
        + status.line()
        + "\"";
  }
}
