package org.postroom.contacts;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Reads and writes vCard files (RFC 2426 3.0 and RFC 6350 4.0, and the 2.1 that older phones still
 * write) as far as an address book of names, addresses and notes needs: folded lines,
 * quoted-printable with soft breaks, grouped properties ({@code item1.EMAIL}), several EMAIL per
 * card, UTF-8 or Windows-1252 files. Never throws on bad input: what it cannot read is a {@link
 * Problem}. Writes vCard 3.0, which every address book imports.
 */
public final class VCard {
  /** Upper bounds, so that a hostile file costs bounded time and memory. */
  public static final int MAX_CARDS = 10_000;

  static final int MAX_LINE = 100_000;
  private static final Charset WINDOWS_1252 = Charset.forName("windows-1252");

  private VCard() {}

  /** One card as an address book sees it; {@code name} and {@code note} may be empty. */
  public record Card(String name, List<String> emails, String note) {
    public Card {
      name = name == null ? "" : name;
      note = note == null ? "" : note;
      emails = List.copyOf(emails);
    }
  }

  /** A card (numbered from 1 in the file) that could not be read, and why. */
  public record Problem(int card, String who, String reason) {}

  public record Parsed(List<Card> cards, List<Problem> problems) {}

  // ---- reading

  public static Parsed parse(byte[] file) {
    List<Card> cards = new ArrayList<>();
    List<Problem> problems = new ArrayList<>();
    List<String> lines = unfold(decode(file));
    Builder current = null;
    int number = 0;
    int depth = 0;
    for (String line : lines) {
      if (line.isBlank()) {
        continue;
      }
      Property p = Property.parse(line);
      if (p == null) {
        continue; // not a content line: ignored, as RFC 6350 asks of unknown content
      }
      if (p.name.equals("BEGIN") && p.value.equalsIgnoreCase("VCARD")) {
        if (current != null) {
          depth++; // an embedded card (2.1 AGENT): not a contact of its own
          continue;
        }
        if (cards.size() + problems.size() >= MAX_CARDS) {
          problems.add(
              new Problem(
                  number + 1, "", "more than " + MAX_CARDS + " cards: the rest was not read"));
          break;
        }
        current = new Builder(++number);
        continue;
      }
      if (current == null) {
        continue; // text between cards
      }
      if (p.name.equals("END") && p.value.equalsIgnoreCase("VCARD")) {
        if (depth > 0) {
          depth--;
          continue;
        }
        cards.add(current.build());
        current = null;
        continue;
      }
      if (depth == 0) {
        current.add(p);
      }
    }
    if (current != null) {
      problems.add(
          new Problem(current.number, current.build().name(), "the file ends inside this card"));
    }
    if (number == 0) {
      problems.add(new Problem(0, "", "no vCard found in this file (BEGIN:VCARD is missing)"));
    }
    return new Parsed(cards, problems);
  }

  private static final class Builder {
    final int number;
    String formatted = "";
    String structured = "";
    String org = "";
    String note = "";
    final List<String> emails = new ArrayList<>();

    Builder(int number) {
      this.number = number;
    }

    void add(Property p) {
      switch (p.name) {
        case "FN" -> formatted = p.text();
        case "N" -> structured = structuredName(p.decoded());
        case "ORG" -> org = p.text().replace(';', ' ').strip();
        case "NOTE" -> {
          String t = p.text().replace("\r\n", "\n").replace('\r', '\n');
          note = note.isEmpty() ? t : note + "\n" + t;
        }
        case "EMAIL" -> {
          String e = p.text().strip();
          if (e.regionMatches(true, 0, "mailto:", 0, 7)) {
            e = e.substring(7);
          }
          if (!e.isEmpty() && emails.stream().noneMatch(e::equalsIgnoreCase)) {
            if (p.preferred()) {
              emails.add(0, e);
            } else {
              emails.add(e);
            }
          }
        }
        default -> {}
      }
    }

    Card build() {
      String name = !formatted.isBlank() ? formatted : !structured.isBlank() ? structured : org;
      return new Card(name.strip(), emails, note.strip());
    }
  }

  /**
   * "Family;Given;Additional;Prefix;Suffix" as a person writes it: "Prefix Given Additional Family
   * Suffix".
   */
  private static String structuredName(String value) {
    List<String> parts = splitUnescaped(value, ';');
    StringBuilder b = new StringBuilder();
    for (int k : new int[] {3, 1, 2, 0, 4}) {
      if (k < parts.size()) {
        String part = unescape(parts.get(k)).replace(',', ' ').strip();
        if (!part.isEmpty()) {
          b.append(b.length() > 0 ? " " : "").append(part);
        }
      }
    }
    return b.toString();
  }

  /** One content line: {@code [group.]NAME[;param...]:value}, the value still escaped. */
  private static final class Property {
    final String name;
    final List<String[]> params = new ArrayList<>();
    final String value;

    private Property(String name, String value) {
      this.name = name;
      this.value = value;
    }

    static Property parse(String line) {
      int colon = -1;
      boolean quoted = false;
      for (int i = 0; i < line.length(); i++) {
        char ch = line.charAt(i);
        if (ch == '"') {
          quoted = !quoted;
        } else if (ch == ':' && !quoted) {
          colon = i;
          break;
        }
      }
      if (colon <= 0) {
        return null;
      }
      List<String> head = splitUnescaped(line.substring(0, colon), ';');
      String name = head.get(0).strip();
      int dot = name.lastIndexOf('.');
      name = name.substring(dot + 1).toUpperCase(Locale.ROOT);
      if (name.isEmpty()) {
        return null;
      }
      Property p = new Property(name, line.substring(colon + 1));
      for (String param : head.subList(1, head.size())) {
        int eq = param.indexOf('=');
        String key = eq < 0 ? "" : param.substring(0, eq).strip().toUpperCase(Locale.ROOT);
        String val = (eq < 0 ? param : param.substring(eq + 1)).strip().replace("\"", "");
        p.params.add(new String[] {key, val});
      }
      return p;
    }

    String param(String key) {
      for (String[] kv : params) {
        if (kv[0].equals(key)) {
          return kv[1];
        }
      }
      return null;
    }

    boolean quotedPrintable() {
      for (String[] kv : params) {
        if ((kv[0].isEmpty() || kv[0].equals("ENCODING"))
            && kv[1].equalsIgnoreCase("QUOTED-PRINTABLE")) {
          return true;
        }
      }
      return false;
    }

    boolean preferred() {
      for (String[] kv : params) {
        if (kv[0].equals("PREF")
            || ((kv[0].equals("TYPE") || kv[0].isEmpty())
                && List.of(kv[1].toLowerCase(Locale.ROOT).split(",")).contains("pref"))) {
          return true;
        }
      }
      return false;
    }

    /** The value with quoted-printable decoded in its charset, escapes still in place. */
    String decoded() {
      return quotedPrintable() ? decodeQuotedPrintable(value, charset(param("CHARSET"))) : value;
    }

    /** The value as text: decoded, escapes undone. */
    String text() {
      return unescape(decoded());
    }
  }

  private static Charset charset(String name) {
    try {
      return name == null ? StandardCharsets.UTF_8 : Charset.forName(name);
    } catch (RuntimeException e) {
      return StandardCharsets.UTF_8;
    }
  }

  static String decodeQuotedPrintable(String v, Charset cs) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(v.length());
    for (int i = 0; i < v.length(); i++) {
      char ch = v.charAt(i);
      if (ch == '='
          && i + 2 < v.length()
          && hex(v.charAt(i + 1)) >= 0
          && hex(v.charAt(i + 2)) >= 0) {
        out.write(hex(v.charAt(i + 1)) * 16 + hex(v.charAt(i + 2)));
        i += 2;
      } else if (ch == '=' && i == v.length() - 1) {
        // a soft line break left at the very end
      } else {
        byte[] b = String.valueOf(ch).getBytes(cs);
        out.write(b, 0, b.length);
      }
    }
    return new String(out.toByteArray(), cs);
  }

  private static int hex(char c) {
    return Character.digit(c, 16);
  }

  private static List<String> splitUnescaped(String s, char sep) {
    List<String> out = new ArrayList<>();
    StringBuilder b = new StringBuilder();
    boolean quoted = false;
    for (int i = 0; i < s.length(); i++) {
      char ch = s.charAt(i);
      if (ch == '\\' && i + 1 < s.length()) {
        b.append(ch).append(s.charAt(++i));
      } else if (ch == '"') {
        quoted = !quoted;
        b.append(ch);
      } else if (ch == sep && !quoted) {
        out.add(b.toString());
        b.setLength(0);
      } else {
        b.append(ch);
      }
    }
    out.add(b.toString());
    return out;
  }

  static String unescape(String s) {
    if (s.indexOf('\\') < 0) {
      return s;
    }
    StringBuilder b = new StringBuilder(s.length());
    for (int i = 0; i < s.length(); i++) {
      char ch = s.charAt(i);
      if (ch == '\\' && i + 1 < s.length()) {
        char n = s.charAt(++i);
        b.append(n == 'n' || n == 'N' ? '\n' : n);
      } else {
        b.append(ch);
      }
    }
    return b.toString();
  }

  /** UTF-8 (without its byte-order mark) when the bytes are UTF-8, else Windows-1252. */
  static String decode(byte[] file) {
    int start =
        file.length >= 3
                && (file[0] & 0xff) == 0xEF
                && (file[1] & 0xff) == 0xBB
                && (file[2] & 0xff) == 0xBF
            ? 3
            : 0;
    ByteBuffer bytes = ByteBuffer.wrap(file, start, file.length - start);
    try {
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(bytes)
          .toString();
    } catch (CharacterCodingException e) {
      return new String(file, start, file.length - start, WINDOWS_1252);
    }
  }

  /**
   * Logical lines: a line starting with a space or tab continues the one before (RFC 6350 3.2), and
   * a quoted-printable value ending in "=" continues on the next line (vCard 2.1).
   */
  static List<String> unfold(String text) {
    String[] raw = text.split("\r\n|\r|\n", -1);
    List<String> out = new ArrayList<>();
    StringBuilder cur = null;
    boolean softBreak = false;
    for (String line : raw) {
      if (softBreak && line.strip().equalsIgnoreCase("END:VCARD")) {
        softBreak = false; // a stray "=" at the end of a card's last value breaks nothing
      }
      if (cur != null
          && (softBreak
              || (!line.isEmpty() && (line.charAt(0) == ' ' || line.charAt(0) == '\t')))) {
        if (softBreak) {
          cur.setLength(cur.length() - 1);
          cur.append(line.stripLeading());
        } else {
          cur.append(line, 1, line.length());
        }
      } else {
        if (cur != null) {
          out.add(cur.toString());
        }
        cur = new StringBuilder(line);
      }
      if (cur.length() > MAX_LINE) {
        cur.setLength(MAX_LINE); // a runaway line (a huge PHOTO) is cut, not kept in memory
      }
      softBreak =
          cur.length() > 0 && cur.charAt(cur.length() - 1) == '=' && isQuotedPrintableLine(cur);
    }
    if (cur != null) {
      out.add(cur.toString());
    }
    return out;
  }

  private static boolean isQuotedPrintableLine(CharSequence line) {
    int colon = line.toString().indexOf(':');
    return colon > 0
        && line.subSequence(0, colon)
            .toString()
            .toUpperCase(Locale.ROOT)
            .contains("QUOTED-PRINTABLE");
  }

  // ---- writing

  /** vCard 3.0 text for the cards, CRLF line ends, lines folded at 75 octets. */
  public static String write(List<Card> cards) {
    StringBuilder b = new StringBuilder();
    for (Card c : cards) {
      String fn = c.name().isBlank() ? (c.emails().isEmpty() ? "" : c.emails().get(0)) : c.name();
      line(b, "BEGIN:VCARD");
      line(b, "VERSION:3.0");
      line(b, "FN:" + escape(fn));
      line(b, "N:" + structured(c.name()));
      for (String e : c.emails()) {
        line(b, "EMAIL;TYPE=INTERNET:" + escape(e));
      }
      if (!c.note().isBlank()) {
        line(b, "NOTE:" + escape(c.note()));
      }
      line(b, "END:VCARD");
    }
    return b.toString();
  }

  /** "Given Names Family" as N (Family;Given;;;). */
  private static String structured(String name) {
    String n = name.strip();
    int space = n.lastIndexOf(' ');
    if (space < 0) {
      return escape(n) + ";;;;";
    }
    return escape(n.substring(space + 1)) + ";" + escape(n.substring(0, space)) + ";;;";
  }

  static String escape(String s) {
    StringBuilder b = new StringBuilder(s.length() + 8);
    for (int i = 0; i < s.length(); i++) {
      char ch = s.charAt(i);
      switch (ch) {
        case '\\' -> b.append("\\\\");
        case ',' -> b.append("\\,");
        case ';' -> b.append("\\;");
        case '\n' -> b.append("\\n");
        case '\r' -> {
          if (i + 1 < s.length() && s.charAt(i + 1) == '\n') {
            continue;
          }
          b.append("\\n");
        }
        default -> b.append(ch < 0x20 ? ' ' : ch);
      }
    }
    return b.toString();
  }

  /** Appends a content line folded at 75 octets without splitting a UTF-8 sequence. */
  private static void line(StringBuilder b, String line) {
    int octets = 0;
    int limit = 75;
    for (int i = 0; i < line.length(); ) {
      int cp = line.codePointAt(i);
      int size = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
      if (octets + size > limit) {
        b.append("\r\n ");
        octets = 1;
      }
      b.appendCodePoint(cp);
      octets += size;
      i += Character.charCount(cp);
    }
    b.append("\r\n");
  }
}
