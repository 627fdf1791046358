package org.postroom.smtp;

import java.nio.charset.StandardCharsets;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The header fields Postroom adds to what it accepts: a {@code Received:} field on every message
 * (RFC 5321 4.4, protocol names from RFC 3848), and for submitted mail a {@code Date:} and {@code
 * Message-ID:} when the client left them out (RFC 6409 8). Client-supplied text (the EHLO name) is
 * cleaned so it cannot break the field's structure.
 */
public final class TraceHeaders {
  private static final DateTimeFormatter DATE =
      DateTimeFormatter.ofPattern("EEE, d MMM yyyy HH:mm:ss Z", Locale.ENGLISH);
  private static final char[] ID_ALPHABET = "0123456789BCDFGHJKLMNPQRSTVWXYZ".toCharArray();

  private TraceHeaders() {}

  /** What the Received field says about the connection. */
  public record Connection(
      String helo,
      String clientIp,
      boolean extended,
      boolean tls,
      String tlsDetails,
      boolean auth) {
    /** {@code SMTP}, {@code ESMTP}, {@code ESMTPS}, {@code ESMTPA} or {@code ESMTPSA}. */
    public String protocol() {
      if (!extended) {
        return "SMTP";
      }
      return "ESMTP" + (tls ? "S" : "") + (auth ? "A" : "");
    }
  }

  /**
   * A new message id for the log, the 250 reply and the Received field: 16 characters, unique
   * across nodes without coordination (80 random bits).
   */
  public static String newMailId() {
    ThreadLocalRandom r = ThreadLocalRandom.current();
    char[] id = new char[16];
    for (int i = 0; i < id.length; i++) {
      id[i] = ID_ALPHABET[r.nextInt(ID_ALPHABET.length)];
    }
    return new String(id);
  }

  /**
   * The Received field, folded, ending with CRLF.
   *
   * @param recipient named with {@code for} only when the message has exactly one recipient (so the
   *     other recipients of a message stay private), else null
   */
  public static byte[] received(
      Connection c, String ourHost, String mailId, String recipient, ZonedDateTime when) {
    StringBuilder sb = new StringBuilder(256);
    sb.append("Received: from ").append(clean(c.helo())).append(" ([").append(c.clientIp());
    sb.append("])\r\n\tby ").append(ourHost).append(" (Postroom) with ").append(c.protocol());
    sb.append(" id ").append(mailId);
    if (c.tls() && c.tlsDetails() != null) {
      sb.append("\r\n\t(").append(c.tlsDetails()).append(')');
    }
    if (recipient != null) {
      sb.append("\r\n\tfor <").append(recipient).append('>');
    }
    sb.append("; ").append(date(when)).append("\r\n");
    return sb.toString().getBytes(StandardCharsets.US_ASCII);
  }

  /** A new Message-ID value, angle brackets included. */
  public static String messageId(String ourHost, ZonedDateTime when) {
    return "<"
        + newMailId().toLowerCase(Locale.ROOT)
        + "."
        + when.toEpochSecond()
        + "@"
        + ourHost
        + ">";
  }

  /**
   * The fields a submitted message lacks: {@code Date:}, {@code Message-ID:} and {@code From:},
   * each only when its argument says so (null: not needed).
   */
  public static byte[] missing(
      boolean needDate, String messageId, String from, ZonedDateTime when) {
    StringBuilder sb = new StringBuilder();
    if (needDate) {
      sb.append("Date: ").append(date(when)).append("\r\n");
    }
    if (messageId != null) {
      sb.append("Message-ID: ").append(messageId).append("\r\n");
    }
    if (from != null) {
      sb.append("From: <").append(from).append(">\r\n");
    }
    return sb.toString().getBytes(StandardCharsets.US_ASCII);
  }

  public static String date(ZonedDateTime when) {
    return DATE.format(when.withZoneSameInstant(ZoneOffset.UTC));
  }

  /** Printable ASCII only, no comment delimiters, at most 255 characters. */
  static String clean(String text) {
    if (text == null || text.isEmpty()) {
      return "unknown";
    }
    StringBuilder sb = new StringBuilder(Math.min(text.length(), 255));
    for (int i = 0; i < text.length() && sb.length() < 255; i++) {
      char ch = text.charAt(i);
      sb.append(ch > 0x20 && ch < 0x7f && ch != '(' && ch != ')' && ch != '\\' ? ch : '?');
    }
    return sb.toString();
  }
}
