package org.postroom.mailbox;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.postroom.mime.HtmlSanitizer;
import org.postroom.mime.MailAddress;
import org.postroom.mime.MailPart;
import org.postroom.mime.MessageSummary;
import org.postroom.mime.ReadMessage;

/**
 * The words a message is found by: lower case, accents removed, split at everything that is not a
 * letter or digit. Every word is indexed plain (any field) and header words also with a field
 * prefix ({@code f:} from, {@code t:} to/cc, {@code s:} subject, {@code n:} attachment name), and
 * whole addresses as one word, so {@code from:alice@example.org} is one lookup. Bounded: the first
 * {@link #MAX_BODY_CHARS} characters of text and at most {@link #MAX_TOKENS} distinct words.
 */
public record SearchTokens(Set<String> tokens) {
  public static final int MAX_TOKEN = 64;
  static final int MAX_BODY_CHARS = 64 * 1024;
  static final int MAX_TOKENS = 3000;
  private static final Pattern MARKS = Pattern.compile("\\p{M}+");

  public static final SearchTokens NONE = new SearchTokens(Set.of());

  public static SearchTokens of(MessageSummary s, ReadMessage r) {
    Set<String> out = new LinkedHashSet<>();
    String subject = s.subject() != null ? s.subject() : r.subject();
    field(out, "s:", subject);
    for (MailAddress a : r.from()) {
      address(out, "f:", a);
    }
    if (r.from().isEmpty()) {
      field(out, "f:", s.fromAddress());
      field(out, "f:", s.fromName());
    }
    for (List<MailAddress> list : List.of(r.to(), r.cc())) {
      for (MailAddress a : list) {
        address(out, "t:", a);
      }
    }
    for (MailPart p : r.attachments()) {
      field(out, "n:", p.fileName());
    }
    String body = r.text() != null ? r.text() : HtmlSanitizer.toText(r.html());
    if (body.length() > MAX_BODY_CHARS) {
      body = body.substring(0, MAX_BODY_CHARS);
    }
    for (String w : words(body)) {
      add(out, w);
    }
    return new SearchTokens(out);
  }

  private static void address(Set<String> out, String prefix, MailAddress a) {
    field(out, prefix, a.name());
    field(out, prefix, a.address());
    String whole = normalize(a.address());
    if (whole.contains("@") && whole.length() <= MAX_TOKEN - 2) {
      add(out, whole);
      add(out, prefix + whole);
    }
  }

  private static void field(Set<String> out, String prefix, String text) {
    for (String w : words(text)) {
      add(out, w);
      add(out, prefix + w);
    }
  }

  private static void add(Set<String> out, String token) {
    if (out.size() < MAX_TOKENS && token.length() <= MAX_TOKEN) {
      out.add(token);
    }
  }

  /** Lower case without accents (so "Grüße" is found by "gruße" and "GRÜSSE" by "grüsse"). */
  public static String normalize(String text) {
    if (text == null) {
      return "";
    }
    if (isAscii(text)) {
      return text.toLowerCase(Locale.ROOT); // NFKD leaves ASCII as it is, and it has no marks
    }
    String d = Normalizer.normalize(text, Normalizer.Form.NFKD);
    return MARKS.matcher(d).replaceAll("").toLowerCase(Locale.ROOT);
  }

  /**
   * The words of a text as they are indexed and searched: the runs of letters and digits (Unicode
   * categories L and N), each cut to {@link #MAX_TOKEN} characters. A loop, not a regular
   * expression split: this runs over every stored message's text.
   */
  public static List<String> words(String text) {
    List<String> out = new ArrayList<>();
    if (text == null || text.isEmpty()) {
      return out;
    }
    String n = normalize(text);
    int start = -1;
    int i = 0;
    while (i < n.length()) {
      int cp = n.codePointAt(i);
      if (isWordChar(cp)) {
        if (start < 0) {
          start = i;
        }
      } else if (start >= 0) {
        out.add(cut(n.substring(start, i)));
        start = -1;
      }
      i += Character.charCount(cp);
    }
    if (start >= 0) {
      out.add(cut(n.substring(start)));
    }
    return out;
  }

  private static String cut(String w) {
    return w.length() > MAX_TOKEN ? w.substring(0, MAX_TOKEN) : w;
  }

  private static boolean isWordChar(int cp) {
    switch (Character.getType(cp)) {
      case Character.UPPERCASE_LETTER:
      case Character.LOWERCASE_LETTER:
      case Character.TITLECASE_LETTER:
      case Character.MODIFIER_LETTER:
      case Character.OTHER_LETTER:
      case Character.DECIMAL_DIGIT_NUMBER:
      case Character.LETTER_NUMBER:
      case Character.OTHER_NUMBER:
        return true;
      default:
        return false;
    }
  }

  private static boolean isAscii(String text) {
    for (int i = 0; i < text.length(); i++) {
      if (text.charAt(i) >= 0x80) {
        return false;
      }
    }
    return true;
  }
}
