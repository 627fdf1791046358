package org.postroom.mime;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Plain text for display as data, never as markup: blocks of lines, quoted ({@code >}) blocks
 * marked so the page can fold them, and in each line the links (http, https, www., mail addresses)
 * as separate segments. The page renders segments with ordinary escaping.
 */
public final class PlainText {
  static final int MAX_CHARS = 1_000_000;
  private static final Pattern LINK =
      Pattern.compile(
          "(?i)\\b(?:https?://|www\\.)[^\\s<>\"'`]{1,2000}"
              + "|(?<![a-z0-9._%+-])[a-z0-9._%+-]{1,64}@[a-z0-9.-]{1,253}\\.[a-z]{2,24}");

  /** Longer lines are shown as they are, without looking for links in them. */
  static final int MAX_LINKIFIED_LINE = 20_000;

  private PlainText() {}

  /** A run of text, a link when {@code href} is set. */
  public record Segment(String text, String href) implements Serializable {
    public boolean isLink() {
      return href != null;
    }
  }

  /** Consecutive lines, all quoted or all not; each line a list of segments. */
  public record Block(boolean quoted, List<List<Segment>> lines) implements Serializable {
    public int lineCount() {
      return lines.size();
    }
  }

  public static List<Block> blocks(String text) {
    if (text == null || text.isEmpty()) {
      return List.of();
    }
    String t = text.length() > MAX_CHARS ? text.substring(0, MAX_CHARS) + "\n[…]" : text;
    List<Block> out = new ArrayList<>();
    List<List<Segment>> current = new ArrayList<>();
    boolean quoted = false;
    for (String line : t.split("\r\n|\r|\n", -1)) {
      boolean q = line.startsWith(">");
      if (q != quoted && !current.isEmpty()) {
        out.add(new Block(quoted, current));
        current = new ArrayList<>();
      }
      quoted = q;
      current.add(segments(line));
    }
    if (!current.isEmpty()) {
      out.add(new Block(quoted, current));
    }
    return out;
  }

  static List<Segment> segments(String line) {
    List<Segment> out = new ArrayList<>();
    if (line.length() > MAX_LINKIFIED_LINE) {
      out.add(new Segment(line, null));
      return out;
    }
    Matcher m = LINK.matcher(line);
    int pos = 0;
    while (m.find()) {
      String found = trimTrailing(m.group());
      int end = m.start() + found.length();
      if (m.start() > pos) {
        out.add(new Segment(line.substring(pos, m.start()), null));
      }
      out.add(new Segment(found, href(found)));
      pos = end;
    }
    if (pos < line.length()) {
      out.add(new Segment(line.substring(pos), null));
    }
    if (out.isEmpty()) {
      out.add(new Segment("", null));
    }
    return out;
  }

  private static String href(String found) {
    String l = found.toLowerCase(Locale.ROOT);
    if (l.startsWith("http://") || l.startsWith("https://")) {
      return found;
    }
    if (l.startsWith("www.")) {
      return "https://" + found;
    }
    return "mailto:" + found;
  }

  /**
   * Punctuation that ends a sentence is not part of the link; a closing bracket only if unmatched.
   */
  private static String trimTrailing(String s) {
    String r = s;
    while (!r.isEmpty()) {
      char c = r.charAt(r.length() - 1);
      if (".,;:!?".indexOf(c) >= 0) {
        r = r.substring(0, r.length() - 1);
      } else if (c == ')' && count(r, '(') < count(r, ')')) {
        r = r.substring(0, r.length() - 1);
      } else if (c == ']' || c == '>' || c == '}') {
        r = r.substring(0, r.length() - 1);
      } else {
        break;
      }
    }
    return r;
  }

  private static long count(String s, char c) {
    return s.chars().filter(x -> x == c).count();
  }
}
