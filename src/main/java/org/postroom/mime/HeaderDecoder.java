package org.postroom.mime;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Decodes header text for display: RFC 2047 encoded words in any charset Java knows (an unknown or
 * wrong one falls back as {@link Charsets} does), adjacent words joined, folding undone, control
 * characters replaced. Raw 8-bit headers are taken as UTF-8 when valid. Linear in the input, so a 1
 * MB header costs a few milliseconds, and the result is cut to {@link #MAX_LENGTH}.
 */
public final class HeaderDecoder {
  public static final int MAX_LENGTH = 20_000;
  // =?charset[*lang]?B|Q?text?=  (text without spaces or '?')
  private static final Pattern WORD =
      Pattern.compile(
          "=\\?([^?\\s*]{1,60})(?:\\*[^?\\s]{0,20})?\\?([bBqQ])\\?([^?\\s]{0,2000})\\?=");

  private HeaderDecoder() {}

  public static String decode(String raw) {
    if (raw == null) {
      return null;
    }
    String s = raw.length() > 4 * MAX_LENGTH ? raw.substring(0, 4 * MAX_LENGTH) : raw;
    s = unfold(s);
    StringBuilder out = new StringBuilder(s.length());
    Matcher m = WORD.matcher(s);
    int pos = 0;
    boolean lastWasWord = false;
    while (m.find()) {
      String between = s.substring(pos, m.start());
      // whitespace between two encoded words is not part of the text (RFC 2047 6.2)
      if (!(lastWasWord && between.isBlank())) {
        out.append(between);
      }
      out.append(word(m.group(1), m.group(2), m.group(3)));
      pos = m.end();
      lastWasWord = true;
    }
    out.append(s, pos, s.length());
    return clean(out.toString());
  }

  private static String word(String charset, String encoding, String text) {
    byte[] bytes;
    try {
      bytes =
          encoding.equalsIgnoreCase("B")
              ? Base64.getMimeDecoder().decode(text.replaceAll("[^A-Za-z0-9+/]", ""))
              : qDecode(text);
    } catch (IllegalArgumentException e) {
      return text;
    }
    return Charsets.decode(bytes, charset).text();
  }

  private static byte[] qDecode(String text) {
    byte[] out = new byte[text.length()];
    int n = 0;
    for (int i = 0; i < text.length(); i++) {
      char ch = text.charAt(i);
      if (ch == '_') {
        out[n++] = ' ';
      } else if (ch == '=' && i + 2 < text.length()) {
        int hi = Character.digit(text.charAt(i + 1), 16);
        int lo = Character.digit(text.charAt(i + 2), 16);
        if (hi >= 0 && lo >= 0) {
          out[n++] = (byte) (hi * 16 + lo);
          i += 2;
        } else {
          out[n++] = '=';
        }
      } else {
        out[n++] = (byte) ch;
      }
    }
    return java.util.Arrays.copyOf(out, n);
  }

  /** Undoes folding (CRLF followed by white space). */
  public static String unfold(String s) {
    return s.replaceAll("\r?\n([ \t])", "$1").replace("\r", "").replace("\n", "");
  }

  /** A header as Jakarta Mail read it (bytes as ISO-8859-1) re-read as UTF-8 when it is that. */
  public static String eightBit(String s) {
    if (s == null || s.chars().allMatch(c -> c < 0x80)) {
      return s;
    }
    if (s.chars().allMatch(c -> c <= 0xff)) {
      return Charsets.decode(s.getBytes(StandardCharsets.ISO_8859_1), "utf-8").text();
    }
    return s;
  }

  private static String clean(String s) {
    String c =
        s.replaceAll("[\\p{Cntrl}\\u2028\\u2029\\u202A-\\u202E\\u2066-\\u2069]", " ").strip();
    return c.length() > MAX_LENGTH ? c.substring(0, MAX_LENGTH) + "…" : c;
  }
}
