package org.postroom.smtp;

import org.postroom.core.SmtpStatus;

/**
 * Every reply the SMTP listeners give, in one place, so the texts stay consistent and tests can
 * name them. Enhanced codes follow RFC 3463 and the registry of RFC 5248.
 */
public final class SmtpReplies {
  private SmtpReplies() {}

  public static final SmtpStatus OK = SmtpStatus.of(250, "2.0.0", "Ok");
  public static final SmtpStatus SENDER_OK = SmtpStatus.of(250, "2.1.0", "Sender ok");
  public static final SmtpStatus RECIPIENT_OK = SmtpStatus.of(250, "2.1.5", "Recipient ok");
  public static final SmtpStatus START_DATA =
      SmtpStatus.of(354, null, "End data with <CR><LF>.<CR><LF>");
  public static final SmtpStatus AUTH_OK = SmtpStatus.of(235, "2.7.0", "Authentication successful");

  // sequence and syntax
  public static final SmtpStatus SEND_HELO_FIRST = SmtpStatus.of(503, "5.5.1", "Send EHLO first");
  public static final SmtpStatus NESTED_MAIL = SmtpStatus.of(503, "5.5.1", "Sender already given");
  public static final SmtpStatus NEED_MAIL = SmtpStatus.of(503, "5.5.1", "Send MAIL first");
  public static final SmtpStatus NO_VALID_RECIPIENTS =
      SmtpStatus.of(554, "5.5.1", "No valid recipients");
  public static final SmtpStatus HELO_SYNTAX = SmtpStatus.of(501, "5.5.4", "Syntax: EHLO hostname");
  public static final SmtpStatus MAIL_SYNTAX =
      SmtpStatus.of(501, "5.5.4", "Syntax: MAIL FROM:<address> [SIZE=n] [BODY=8BITMIME]");
  public static final SmtpStatus RCPT_SYNTAX =
      SmtpStatus.of(501, "5.5.4", "Syntax: RCPT TO:<address>");
  public static final SmtpStatus NO_PARAMETERS =
      SmtpStatus.of(501, "5.5.4", "No parameters allowed");
  public static final SmtpStatus UNKNOWN_PARAMETER =
      SmtpStatus.of(555, "5.5.4", "Parameter not recognised or not implemented");
  public static final SmtpStatus NOT_IMPLEMENTED =
      SmtpStatus.of(502, "5.5.1", "Command not implemented");
  public static final SmtpStatus NO_CHUNKING =
      SmtpStatus.of(502, "5.5.1", "BDAT is not offered here; use DATA");
  public static final SmtpStatus NO_VRFY =
      SmtpStatus.of(252, "2.5.0", "Cannot VRFY user; send mail and it will be tried");
  public static final SmtpStatus BAD_SENDER_SYNTAX =
      SmtpStatus.of(553, "5.1.7", "Sender address syntax is not accepted");
  public static final SmtpStatus BAD_RECIPIENT_SYNTAX =
      SmtpStatus.of(553, "5.1.3", "Recipient address syntax is not accepted");
  public static final SmtpStatus NON_ASCII_ADDRESS =
      SmtpStatus.of(553, "5.6.7", "Non-ASCII addresses need SMTPUTF8, which is not offered here");

  // relay and routing
  public static final SmtpStatus RELAY_DENIED =
      SmtpStatus.of(
          554, "5.7.1", "Relay access denied: this server only accepts mail for its domain");
  public static final SmtpStatus ROUTING_REFUSED =
      SmtpStatus.of(
          554,
          "5.7.1",
          "Relay access denied: source routes, %, ! and quoted addresses are refused");
  public static final SmtpStatus NO_SUCH_USER = SmtpStatus.of(550, "5.1.1", "No such user here");
  public static final SmtpStatus TOO_MANY_RECIPIENTS =
      SmtpStatus.of(452, "4.5.3", "Too many recipients for one message, send the rest separately");

  // submission and AUTH
  public static final SmtpStatus AUTH_REQUIRED =
      SmtpStatus.of(530, "5.7.0", "Authentication required");
  public static final SmtpStatus ENCRYPTION_REQUIRED =
      SmtpStatus.of(538, "5.7.11", "Encryption required: send STARTTLS first");
  public static final SmtpStatus AUTH_NOT_HERE =
      SmtpStatus.of(503, "5.5.1", "AUTH is offered on the submission ports only");
  public static final SmtpStatus ALREADY_AUTHENTICATED =
      SmtpStatus.of(503, "5.5.1", "Already authenticated");
  public static final SmtpStatus AUTH_MECHANISM =
      SmtpStatus.of(504, "5.5.4", "Use AUTH PLAIN or AUTH LOGIN");
  public static final SmtpStatus AUTH_SYNTAX =
      SmtpStatus.of(501, "5.5.2", "Cannot decode the authentication data");
  public static final SmtpStatus AUTH_CANCELLED =
      SmtpStatus.of(501, "5.7.0", "Authentication cancelled");
  public static final SmtpStatus AUTH_FAILED =
      SmtpStatus.of(535, "5.7.8", "Authentication credentials invalid");
  public static final SmtpStatus AUTH_THROTTLED =
      SmtpStatus.of(454, "4.7.0", "Too many failed attempts from your address, try again later");
  public static final SmtpStatus SENDER_NOT_OWNED =
      SmtpStatus.of(553, "5.7.1", "Sender address is not one of your addresses");
  public static final SmtpStatus FROM_NOT_OWNED =
      SmtpStatus.of(553, "5.7.1", "The From header must name only your own addresses");
  public static final SmtpStatus ACCOUNT_DISABLED =
      SmtpStatus.of(550, "5.7.1", "This account may not send mail");

  // message content and limits
  public static final SmtpStatus MESSAGE_TOO_BIG =
      SmtpStatus.of(552, "5.3.4", "Message size exceeds fixed limit");
  public static final SmtpStatus BARE_LINE_ENDING =
      SmtpStatus.of(
          554, "5.5.2", "Bare CR or LF in message data (RFC 5321 2.3.8); message refused, closing");
  public static final SmtpStatus LINE_TOO_LONG =
      SmtpStatus.of(554, "5.6.0", "Message has a line longer than the limit (RFC 5322 2.1.1)");
  public static final SmtpStatus TOO_MANY_HOPS =
      SmtpStatus.of(554, "5.4.6", "Too many Received headers: mail loop");
  public static final SmtpStatus INSUFFICIENT_STORAGE =
      SmtpStatus.of(452, "4.3.1", "Insufficient system storage, try again later");

  // connection
  public static final SmtpStatus TOO_MANY_CONNECTIONS =
      SmtpStatus.of(421, "4.7.0", "Too many connections from your address, try again later");
  public static final SmtpStatus SHUTTING_DOWN =
      SmtpStatus.of(421, "4.3.2", "Service shutting down, try again later");
  public static final SmtpStatus STARTTLS_PIPELINING =
      SmtpStatus.of(554, "5.5.1", "Commands sent after STARTTLS before TLS started; closing");
  public static final SmtpStatus TLS_ACTIVE = SmtpStatus.of(503, "5.5.1", "TLS already active");
  public static final SmtpStatus TLS_READY = SmtpStatus.of(220, "2.0.0", "Ready to start TLS");

  /** A failure of our own: temporary, with an id to find it in the server log. */
  public static SmtpStatus localError(String logId) {
    return SmtpStatus.of(
        451, "4.3.0", "Local error in processing, try again later (" + logId + ")");
  }

  /** The reply to a message that was stored. */
  public static SmtpStatus queued(String mailId) {
    return SmtpStatus.of(250, "2.0.0", "Ok: queued as " + mailId);
  }
}
