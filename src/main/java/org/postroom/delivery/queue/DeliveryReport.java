package org.postroom.delivery.queue;

import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A delivery status notification (RFC 3464) telling the sender that a message failed or is delayed:
 * {@code multipart/report; report-type=delivery-status} with a readable explanation, a {@code
 * message/delivery-status} part (Reporting-MTA, Arrival-Date; per recipient Final-Recipient,
 * Action, Status, Remote-MTA, Diagnostic-Code, Last-Attempt-Date, Will-Retry-Until) and the
 * original message's header as {@code text/rfc822-headers} (RFC 6522). It comes from {@code
 * MAILER-DAEMON@<hostname>} and is sent with the null sender, so it can never bounce itself.
 */
public final class DeliveryReport {
  private static final DateTimeFormatter DATE =
      DateTimeFormatter.ofPattern("EEE, d MMM yyyy HH:mm:ss Z", Locale.ENGLISH);
  private static final Pattern REPLY = Pattern.compile("^(\\d{3}) (.*)$");
  private static final Pattern ENHANCED = Pattern.compile("^([245]\\.\\d{1,3}\\.\\d{1,3})\\b");
  private static final int MAX_HEADER_BYTES = 64 * 1024;
  private static final SecureRandom RANDOM = new SecureRandom();

  private DeliveryReport() {}

  /** What the report is about. */
  public enum Kind {
    FAILED("failed", "Undelivered Mail Returned to Sender"),
    DELAYED("delayed", "Delayed Mail (still being retried)");

    final String action;
    final String subject;

    Kind(String action, String subject) {
      this.action = action;
      this.subject = subject;
    }
  }

  /**
   * The report as the bytes of a message (CRLF line ends).
   *
   * @param reportingMta this server's host name
   * @param recipients the recipients the report is about, with their last reply
   * @param originalContent the queued bytes; only the header is quoted
   * @param retryUntil when the queue gives up (or gave up) on the message
   */
  public static byte[] build(
      Kind kind,
      String reportingMta,
      QueuedMessage original,
      List<QueuedRecipient> recipients,
      byte[] originalContent,
      OffsetDateTime now,
      OffsetDateTime retryUntil) {
    String boundary = "=_postroom_" + HexFormat.of().formatHex(randomBytes());
    StringBuilder m = new StringBuilder(4096);
    header(m, "From", "Mail Delivery System <MAILER-DAEMON@" + reportingMta + ">");
    header(m, "To", "<" + original.reversePath() + ">");
    header(m, "Subject", kind.subject);
    header(m, "Date", DATE.format(now));
    header(
        m,
        "Message-ID",
        "<"
            + now.toInstant().toEpochMilli()
            + "."
            + original.id()
            + "."
            + boundary.substring(11)
            + "@"
            + reportingMta
            + ">");
    if (original.headerMessageId() != null && original.headerMessageId().startsWith("<")) {
      header(m, "In-Reply-To", original.headerMessageId());
      header(m, "References", original.headerMessageId());
    }
    header(m, "Auto-Submitted", "auto-replied");
    header(m, "MIME-Version", "1.0");
    header(
        m,
        "Content-Type",
        "multipart/report; report-type=delivery-status; boundary=\"" + boundary + "\"");
    m.append("\r\n");
    m.append("This is a delivery status notification in MIME format.\r\n\r\n");

    String text = explanation(kind, reportingMta, original, recipients, retryUntil);
    m.append("--").append(boundary).append("\r\n");
    m.append("Content-Type: text/plain; charset=utf-8\r\n");
    if (!StandardCharsets.US_ASCII.newEncoder().canEncode(text)) {
      m.append("Content-Transfer-Encoding: 8bit\r\n");
    }
    m.append("Content-Description: Notification\r\n\r\n");
    m.append(text);

    m.append("\r\n--").append(boundary).append("\r\n");
    m.append("Content-Type: message/delivery-status\r\n");
    m.append("Content-Description: Delivery report\r\n\r\n");
    header(m, "Reporting-MTA", "dns; " + reportingMta);
    header(m, "X-Postroom-Queue-ID", String.valueOf(original.id()));
    header(m, "Arrival-Date", DATE.format(original.createdAt()));
    for (QueuedRecipient r : recipients) {
      m.append("\r\n");
      header(m, "Final-Recipient", "rfc822; " + r.address());
      header(m, "Action", kind.action);
      header(m, "Status", status(r.lastReply()));
      if (r.remoteHost() != null) {
        header(m, "Remote-MTA", "dns; " + hostName(r.remoteHost()));
      }
      if (r.lastReply() != null && !r.lastReply().isBlank()) {
        boolean smtp = r.remoteHost() != null && REPLY.matcher(r.lastReply()).matches();
        header(m, "Diagnostic-Code", (smtp ? "smtp; " : "X-Postroom; ") + r.lastReply());
      }
      if (r.lastAttemptAt() != null) {
        header(m, "Last-Attempt-Date", DATE.format(r.lastAttemptAt()));
      }
      if (kind == Kind.DELAYED && retryUntil != null) {
        header(m, "Will-Retry-Until", DATE.format(retryUntil));
      }
    }

    byte[] headers = headerSection(originalContent);
    boolean eightBit = false;
    for (byte b : headers) {
      eightBit |= b < 0;
    }
    m.append("\r\n--").append(boundary).append("\r\n");
    m.append("Content-Type: text/rfc822-headers\r\n");
    m.append("Content-Description: Headers of the message\r\n");
    if (eightBit) {
      m.append("Content-Transfer-Encoding: 8bit\r\n");
    }
    m.append("\r\n");
    byte[] head = m.toString().getBytes(StandardCharsets.UTF_8);
    byte[] tail = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII);
    byte[] out = new byte[head.length + headers.length + tail.length];
    System.arraycopy(head, 0, out, 0, head.length);
    System.arraycopy(headers, 0, out, head.length, headers.length);
    System.arraycopy(tail, 0, out, head.length + headers.length, tail.length);
    return out;
  }

  private static String explanation(
      Kind kind,
      String reportingMta,
      QueuedMessage original,
      List<QueuedRecipient> recipients,
      OffsetDateTime retryUntil) {
    StringBuilder t = new StringBuilder();
    String subject =
        original.subject() == null || original.subject().isBlank()
            ? ""
            : " \"" + original.subject().replaceAll("\\p{Cntrl}", " ").strip() + "\"";
    if (kind == Kind.FAILED) {
      t.append("Your message")
          .append(subject)
          .append(" could not be delivered to the recipients below. It will not be tried again.");
    } else {
      t.append("Your message")
          .append(subject)
          .append(" has not been delivered yet to the recipients below. ")
          .append("Postroom keeps trying")
          .append(retryUntil == null ? "" : " until " + DATE.format(retryUntil))
          .append("; you do not need to send it again. ")
          .append("If it still cannot be delivered, you will get another message.");
    }
    StringBuilder out = new StringBuilder();
    wrap(out, t.toString());
    out.append("\r\n");
    for (QueuedRecipient r : recipients) {
      StringBuilder line = new StringBuilder("<" + r.address() + ">: ");
      if (r.remoteHost() != null
          && r.lastReply() != null
          && REPLY.matcher(r.lastReply()).matches()) {
        line.append(hostName(r.remoteHost())).append(" said: ");
      }
      line.append(r.lastReply() == null ? "no reason known" : r.lastReply());
      if (kind == Kind.FAILED && status(r.lastReply()).startsWith("4") && retryUntil != null) {
        line.append(" (still failing when Postroom stopped trying at ")
            .append(DATE.format(retryUntil))
            .append(")");
      }
      wrap(out, line.toString());
      out.append("\r\n");
    }
    wrap(
        out,
        "The header of your message is attached. Questions go to postmaster@"
            + domainOf(original.reversePath())
            + ".");
    out.append("\r\n-- \r\nPostroom at ").append(reportingMta).append("\r\n");
    return out.toString();
  }

  /** RFC 3463 status: the reply's enhanced code if it has one, else one derived from its code. */
  static String status(String lastReply) {
    if (lastReply == null) {
      return "4.4.1";
    }
    String text = lastReply;
    Matcher reply = REPLY.matcher(lastReply);
    char cls = '4';
    if (reply.matches()) {
      cls = reply.group(1).charAt(0);
      text = reply.group(2);
    }
    Matcher e = ENHANCED.matcher(text);
    if (e.find() && e.group(1).charAt(0) == cls) {
      return e.group(1);
    }
    if (!reply.matches()) {
      return "4.4.1"; // no answer at all: the connection failed
    }
    return cls == '5' ? "5.0.0" : "4.0.0";
  }

  /** {@code mx.example.net} from {@code mx.example.net[192.0.2.1]:25}. */
  static String hostName(String label) {
    int bracket = label.indexOf('[');
    return bracket > 0 ? label.substring(0, bracket) : label;
  }

  private static String domainOf(String address) {
    int at = address.lastIndexOf('@');
    return at < 0 ? address : address.substring(at + 1);
  }

  /** The header section of a message, up to the blank line, at most 64 KB. */
  static byte[] headerSection(byte[] content) {
    int end = Math.min(content.length, MAX_HEADER_BYTES);
    for (int i = 0; i + 1 < content.length && i < MAX_HEADER_BYTES; i++) {
      if (content[i] == '\n' && (content[i + 1] == '\n' || content[i + 1] == '\r')) {
        end = i + 1;
        break;
      }
    }
    byte[] h = new byte[end];
    System.arraycopy(content, 0, h, 0, end);
    return h;
  }

  /** One header-like field, folded at spaces so no line passes 78 characters where possible. */
  private static void header(StringBuilder m, String name, String value) {
    String line = name + ": " + value;
    int start = 0;
    while (line.length() - start > 78) {
      int cut = line.lastIndexOf(' ', start + 78);
      if (cut <= start + name.length() + 1) {
        cut = line.indexOf(' ', start + 78);
      }
      if (cut < 0) {
        break;
      }
      m.append(line, start, cut).append("\r\n");
      start = cut; // the space starts the continuation line
    }
    m.append(line, start, line.length()).append("\r\n");
  }

  /** Text wrapped at 76 characters with CRLF. */
  private static void wrap(StringBuilder out, String text) {
    int col = 0;
    for (String word : text.split(" ")) {
      if (col > 0 && col + 1 + word.length() > 76) {
        out.append("\r\n");
        col = 0;
      } else if (col > 0) {
        out.append(' ');
        col++;
      }
      out.append(word);
      col += word.length();
    }
    out.append("\r\n");
  }

  private static byte[] randomBytes() {
    byte[] b = new byte[12];
    RANDOM.nextBytes(b);
    return b;
  }
}
