package org.postroom.deliverability;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.io.Serializable;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.postroom.core.RawMessage;

/**
 * The Authentication-Results header field (RFC 8601) that the MX adds: written with our host name
 * as the authserv-id, and read back by the webmail to show a verified / not verified mark. Fields
 * that claim our authserv-id but arrived with the message are forgeries and are removed before ours
 * is added (RFC 8601 5), so the one the webmail reads is always ours.
 */
public final class AuthenticationResults {
  public static final String NAME = "Authentication-Results";
  private static final Pattern METHOD = Pattern.compile("(?i)\\b(spf|dkim|dmarc)\\s*=\\s*([a-z]+)");

  private AuthenticationResults() {}

  /** What the webmail shows for a message. */
  public record Mark(boolean verified, String from, String spf, String dkim, String dmarc)
      implements Serializable {
    /** One line for a tooltip: "SPF pass, DKIM pass, DMARC pass for example.org". */
    public String summary() {
      return "SPF "
          + spf
          + ", DKIM "
          + dkim
          + ", DMARC "
          + dmarc
          + (from.isEmpty() ? "" : " for " + from);
    }
  }

  /** The header field (folded, without the final CRLF) for the results of one message. */
  public static String field(String authservId, InboundChecks.Results r) {
    StringBuilder sb = new StringBuilder(NAME).append(": ").append(authservId);
    sb.append(";\r\n\tspf=").append(r.spf().result().token());
    sb.append(comment(r.spf().reason()));
    sb.append(" smtp.mailfrom=").append(value(r.mailFromDomain()));
    if (r.helo() != null) {
      sb.append(";\r\n\tspf=")
          .append(r.helo().result().token())
          .append(" smtp.helo=")
          .append(value(r.heloName()));
    }
    if (r.dkim().isEmpty()) {
      sb.append(";\r\n\tdkim=none");
    }
    for (DkimVerifier.Result d : r.dkim()) {
      sb.append(";\r\n\tdkim=").append(d.status().token());
      sb.append(comment(d.reason()));
      sb.append(" header.d=")
          .append(value(d.domain()))
          .append(" header.s=")
          .append(value(d.selector()));
      sb.append(" header.b=").append(value(d.b()));
    }
    sb.append(";\r\n\tdmarc=").append(r.dmarc().result().token());
    r.dmarc().published().ifPresent(p -> sb.append(" (p=").append(p.token()).append(')'));
    sb.append(" header.from=").append(value(r.dmarc().fromDomain()));
    return sb.toString();
  }

  private static String comment(String text) {
    if (text == null || text.isBlank()) {
      return "";
    }
    String clean = text.replaceAll("[()\\\\\\r\\n]", " ").replaceAll("\\s+", " ").strip();
    return " (" + (clean.length() > 120 ? clean.substring(0, 120) : clean) + ")";
  }

  private static String value(String v) {
    if (v == null || v.isEmpty()) {
      return "\"\"";
    }
    // a token, or local-part@domain (RFC 8601 2.2 pvalue); anything else (base64's / and =) quoted
    boolean bare = v.matches("[A-Za-z0-9._+-]+") || v.matches("[A-Za-z0-9._+-]*@[A-Za-z0-9.-]+");
    return bare ? v : '"' + v.replaceAll("[\"\\\\\\r\\n]", "") + '"';
  }

  /** The authserv-id of a field: the first token of its value. */
  static String authservId(MessageHead.Field f) {
    String v = f.value();
    int end = 0;
    while (end < v.length() && v.charAt(end) != ';' && !Character.isWhitespace(v.charAt(end))) {
      end++;
    }
    return v.substring(0, end).toLowerCase(Locale.ROOT);
  }

  /**
   * The message with our field in front and every field claiming our authserv-id removed. The body
   * is streamed, never copied into memory.
   */
  public static RawMessage addTo(RawMessage raw, String authservId, String field)
      throws IOException {
    MessageHead head = MessageHead.of(raw);
    byte[] ours = (field + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
    List<MessageHead.Field> forged =
        head.all(NAME).stream().filter(f -> authservId.equalsIgnoreCase(authservId(f))).toList();
    if (forged.isEmpty()) {
      return raw.withPrefix(ours);
    }
    ByteArrayOutputStream header = new ByteArrayOutputStream();
    header.write(ours);
    for (MessageHead.Field f : head.fields()) {
      if (!forged.contains(f)) {
        header.write((f.raw() + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
      }
    }
    header.write(new byte[] {'\r', '\n'});
    byte[] newHead = header.toByteArray();
    long skip = head.length();
    long size = newHead.length + raw.size() - skip;
    return new RawMessage() {
      @Override
      public long size() {
        return size;
      }

      @Override
      public InputStream open() throws IOException {
        InputStream body = raw.open();
        body.skipNBytes(skip);
        return new SequenceInputStream(new java.io.ByteArrayInputStream(newHead), body);
      }
    };
  }

  /**
   * The mark for a stored message: read from the first Authentication-Results field with our
   * authserv-id. Empty when there is none (mail that did not come through the MX: our own users').
   */
  public static Optional<Mark> read(byte[] raw, String authservId) {
    MessageHead head;
    try {
      head = MessageHead.read(new java.io.ByteArrayInputStream(raw));
    } catch (IOException e) {
      return Optional.empty();
    }
    for (MessageHead.Field f : head.all(NAME)) {
      if (!authservId.equalsIgnoreCase(authservId(f))) {
        continue;
      }
      String spf = null;
      String dkim = null;
      String dmarc = "none";
      Matcher m = METHOD.matcher(f.value().replaceAll("\\([^)]*\\)", ""));
      while (m.find()) {
        String method = m.group(1).toLowerCase(Locale.ROOT);
        String result = m.group(2).toLowerCase(Locale.ROOT);
        if (method.equals("spf") && spf == null) {
          spf = result; // the first spf result is the envelope sender's
        } else if (method.equals("dkim") && (dkim == null || result.equals("pass"))) {
          dkim = result; // any passing signature counts
        } else if (method.equals("dmarc")) {
          dmarc = result;
        }
      }
      Matcher from = Pattern.compile("header\\.from=\"?([^\";\\s]+)").matcher(f.value());
      return Optional.of(
          new Mark(
              "pass".equals(dmarc),
              from.find() ? from.group(1) : "",
              spf == null ? "none" : spf,
              dkim == null ? "none" : dkim,
              dmarc));
    }
    return Optional.empty();
  }
}
