package org.postroom.delivery.remote;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A reply from a foreign server, or Postroom's own account of why there was none (then {@code host}
 * is null: a DNS answer such as a null MX, or a connection that failed with code 0), as one
 * printable line: what the queue view shows and the bounce quotes.
 *
 * @param host the server that answered ({@code name[ip]}), or null when none did
 */
public record RemoteReply(int code, String text, String host) {
  private static final Pattern ENHANCED = Pattern.compile("^([245])\\.(\\d{1,3})\\.(\\d{1,3})\\b");

  public RemoteReply {
    text = oneLine(text);
  }

  /** A server's reply as read from the wire (several lines are joined). */
  public static RemoteReply of(int code, String response, String host) {
    String t = oneLine(response);
    // multi-line replies repeat the code on every line: keep it once
    if (code > 0) {
      t = t.replaceAll("(^|\\s)" + code + "[- ]", "$1").trim();
    }
    return new RemoteReply(code, t, host);
  }

  /** No reply: the connection or the lookup failed. Temporary by definition. */
  public static RemoteReply none(String why, String host) {
    return new RemoteReply(0, why, host);
  }

  public Outcome outcome() {
    return code == 0 ? Outcome.TEMPORARY : Outcome.of(code);
  }

  /** The RFC 3463 status the reply carries, or one derived from its code. */
  public String status() {
    Matcher m = ENHANCED.matcher(text);
    if (m.find() && m.group(1).charAt(0) == Character.forDigit(Math.max(code, 400) / 100, 10)) {
      return m.group(0);
    }
    return switch (outcome()) {
      case DELIVERED -> "2.0.0";
      case PERMANENT -> "5.0.0";
      case TEMPORARY -> code == 0 ? "4.4.1" : "4.0.0";
    };
  }

  /** Postroom's own finding, e.g. {@code 550 5.1.2} for a domain that does not exist. */
  public static RemoteReply local(int code, String text) {
    return new RemoteReply(code, text, null);
  }

  /** True when a foreign server said this (not a lookup or connection failure). */
  public boolean isFromServer() {
    return code > 0 && host != null;
  }

  /** The line as the queue view and the logs show it. */
  public String line() {
    return code > 0 ? code + " " + text : text;
  }

  @Override
  public String toString() {
    return (host == null ? "" : host + ": ") + line();
  }

  private static String oneLine(String s) {
    if (s == null) {
      return "";
    }
    StringBuilder sb = new StringBuilder(Math.min(s.length(), 1000));
    boolean space = false;
    for (int i = 0; i < s.length() && sb.length() < 1000; i++) {
      char ch = s.charAt(i);
      if (ch < 0x20 || ch == 0x7f || Character.isWhitespace(ch)) {
        space = sb.length() > 0;
      } else if (ch < 0x7f) {
        if (space) {
          sb.append(' ');
          space = false;
        }
        sb.append(ch);
      } else {
        sb.append('?');
      }
    }
    return sb.toString();
  }
}
