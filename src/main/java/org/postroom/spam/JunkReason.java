package org.postroom.spam;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Why Postroom filed a message in Junk, read back from the fields {@link ContentFilter} put on top
 * of the stored copy. Only fields above the first {@code Received:} count: ours go there, and a
 * sender cannot write anything above our Received field, so a forged {@code X-Spam-Result} in the
 * message itself is never shown as our verdict.
 *
 * @param score rspamd's score, or null
 * @param rejectAt the score at which rspamd refuses mail, or null
 * @param symbols the rules that matched, as {@code NAME(score)}, or empty
 * @param attachment the program or script attached, or null
 */
public record JunkReason(String score, String rejectAt, String symbols, String attachment) {
  private static final Pattern SCORE =
      Pattern.compile("score=(-?\\d+(?:\\.\\d+)?)/(-?\\d+(?:\\.\\d+)?)");
  private static final Pattern SYMBOLS = Pattern.compile("symbols=([^;]*)");

  /** The reason in a stored message, if Postroom recorded one. */
  public static Optional<JunkReason> of(byte[] raw) {
    String head = new String(raw, 0, Math.min(raw.length, 16_384), StandardCharsets.ISO_8859_1);
    String result = null;
    String attachment = null;
    for (String field : head.split("\r\n(?![ \t])")) {
      if (field.isEmpty()) {
        break; // end of the header
      }
      String lower = field.toLowerCase(Locale.ROOT);
      if (lower.startsWith("received:")) {
        break;
      }
      String value = field.substring(field.indexOf(':') + 1).replaceAll("\r\n[ \t]+", " ").strip();
      if (lower.startsWith(ContentFilter.RESULT_FIELD.toLowerCase(Locale.ROOT) + ":")) {
        result = value;
      } else if (lower.startsWith(ContentFilter.ATTACHMENT_FIELD.toLowerCase(Locale.ROOT) + ":")) {
        attachment = value.replaceFirst("^program or script ", "");
      }
    }
    if (result == null && attachment == null) {
      return Optional.empty();
    }
    String score = null;
    String rejectAt = null;
    String symbols = "";
    if (result != null) {
      Matcher m = SCORE.matcher(result);
      if (m.find()) {
        score = m.group(1);
        rejectAt = m.group(2);
      }
      Matcher s = SYMBOLS.matcher(result);
      if (s.find()) {
        symbols = s.group(1).strip();
      }
    }
    if (score == null && attachment == null) {
      return Optional.empty(); // "not scanned": nothing that explains a Junk filing
    }
    return Optional.of(new JunkReason(score, rejectAt, symbols, attachment));
  }
}
