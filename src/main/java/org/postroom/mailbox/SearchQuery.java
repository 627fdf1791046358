package org.postroom.mailbox;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.postroom.core.ValidationException;

/**
 * What the search box understands: words (all must match, in any field), {@code "phrases"} (their
 * words), {@code word*} (prefix), {@code from: to: subject: filename:}, {@code is:unread is:read
 * is:flagged has:attachment}, {@code in:folder}, {@code after:2026-01-31 before:2026-02-28}.
 * Filters from the form's own fields are merged in by the caller.
 */
public record SearchQuery(
    List<String> tokens,
    List<String> prefixes,
    Boolean seen,
    boolean flagged,
    boolean hasAttachment,
    String folderName,
    LocalDate after,
    LocalDate before) {
  private static final Pattern PART = Pattern.compile("([a-zA-Z]+:)?(\"[^\"]*\"?|\\S+)");

  public boolean isEmpty() {
    return tokens.isEmpty()
        && prefixes.isEmpty()
        && seen == null
        && !flagged
        && !hasAttachment
        && folderName == null
        && after == null
        && before == null;
  }

  public boolean hasWords() {
    return !tokens.isEmpty() || !prefixes.isEmpty();
  }

  /** Parses the box; {@code field} names the form field for errors. */
  public static SearchQuery parse(String text, String field) {
    List<String> tokens = new ArrayList<>();
    List<String> prefixes = new ArrayList<>();
    Boolean seen = null;
    boolean flagged = false;
    boolean attachment = false;
    String folder = null;
    LocalDate after = null;
    LocalDate before = null;
    Matcher m = PART.matcher(text == null ? "" : text.strip());
    int parts = 0;
    while (m.find() && parts++ < 50) {
      String op = m.group(1) == null ? "" : m.group(1).toLowerCase(Locale.ROOT);
      String value = m.group(2);
      if (value.startsWith("\"")) {
        value = value.replace("\"", "");
      }
      String v = value.toLowerCase(Locale.ROOT);
      switch (op) {
        case "from:" -> fieldWords(tokens, "f:", value);
        case "to:", "cc:" -> fieldWords(tokens, "t:", value);
        case "subject:" -> fieldWords(tokens, "s:", value);
        case "filename:", "file:", "name:" -> fieldWords(tokens, "n:", value);
        case "is:" -> {
          switch (v) {
            case "unread" -> seen = false;
            case "read", "seen" -> seen = true;
            case "flagged", "starred" -> flagged = true;
            default ->
                throw ValidationException.of(
                    field, "is: takes unread, read or flagged (not \"" + value + "\").");
          }
        }
        case "has:" -> {
          if (!v.startsWith("attachment")) {
            throw ValidationException.of(field, "has: takes attachment.");
          }
          attachment = true;
        }
        case "in:" -> folder = value;
        case "after:" -> after = date(field, "after:", value);
        case "before:" -> before = date(field, "before:", value);
        default -> words(tokens, prefixes, op + value);
      }
    }
    return new SearchQuery(
        List.copyOf(tokens),
        List.copyOf(prefixes),
        seen,
        flagged,
        attachment,
        folder,
        after,
        before);
  }

  /** This query with the form's filters added. */
  public SearchQuery with(
      boolean unreadOnly,
      boolean flaggedOnly,
      boolean attachmentOnly,
      String folder,
      LocalDate from,
      LocalDate until) {
    return new SearchQuery(
        tokens,
        prefixes,
        unreadOnly ? Boolean.FALSE : seen,
        flagged || flaggedOnly,
        hasAttachment || attachmentOnly,
        folder != null && !folder.isBlank() ? folder : folderName,
        from != null ? from : after,
        until != null ? until : before);
  }

  private static void fieldWords(List<String> tokens, String prefix, String value) {
    String whole = SearchTokens.normalize(value).strip();
    if (whole.contains("@") && whole.length() <= SearchTokens.MAX_TOKEN - 2) {
      tokens.add(prefix + whole);
      return;
    }
    for (String w : SearchTokens.words(value)) {
      tokens.add(prefix + w);
    }
  }

  private static void words(List<String> tokens, List<String> prefixes, String value) {
    String whole = SearchTokens.normalize(value).strip();
    if (whole.contains("@") && !whole.endsWith("*") && whole.length() <= SearchTokens.MAX_TOKEN) {
      tokens.add(whole);
      return;
    }
    List<String> ws = SearchTokens.words(value);
    boolean prefix = value.endsWith("*");
    for (int i = 0; i < ws.size(); i++) {
      if (prefix && i == ws.size() - 1 && ws.get(i).length() >= 2) {
        prefixes.add(ws.get(i));
      } else {
        tokens.add(ws.get(i));
      }
    }
  }

  private static LocalDate date(String field, String op, String value) {
    try {
      return LocalDate.parse(value);
    } catch (DateTimeParseException e) {
      throw ValidationException.of(field, "Write the date after " + op + " as 2026-01-31.");
    }
  }
}
