package org.postroom.smtp;

/**
 * The limits one message is held to, read when its transaction starts so that an admin's change
 * applies to the next message.
 *
 * @param maxMessageBytes the largest message (SIZE), in octets
 * @param maxRecipients recipients per message
 * @param maxLineLength the longest line, without CRLF
 * @param maxHops the most {@code Received:} fields a message may carry
 */
public record SmtpLimits(long maxMessageBytes, int maxRecipients, int maxLineLength, int maxHops) {}
