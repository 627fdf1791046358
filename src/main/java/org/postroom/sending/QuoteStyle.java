package org.postroom.sending;

import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * How a reply or forward written by this user quotes the original: in the user's language and time
 * zone, as the rest of their webmail ("On Tue, 3 Mar 2026 at 11:00, Alice wrote:", "Am Di., 3. März
 * 2026 um 11:00 schrieb Alice:"). English for any language Postroom does not speak.
 */
public record QuoteStyle(Locale locale, ZoneId zone) {
  public static final QuoteStyle ENGLISH_UTC = new QuoteStyle(Locale.ENGLISH, ZoneOffset.UTC);

  private boolean german() {
    return "de".equals(locale.getLanguage());
  }

  String when(OffsetDateTime t) {
    if (t == null) {
      return german() ? "einem unbekannten Datum" : "an unknown date";
    }
    String pattern = german() ? "EEE, d. MMM yyyy 'um' HH:mm" : "EEE, d MMM yyyy 'at' HH:mm";
    return DateTimeFormatter.ofPattern(pattern, german() ? Locale.GERMAN : Locale.ENGLISH)
        .format(t.atZoneSameInstant(zone));
  }

  /** The line above the quote; {@code date} and {@code name} already escaped for HTML. */
  String attribution(String date, String name) {
    return german()
        ? "Am " + date + " schrieb " + name + ":"
        : "On " + date + ", " + name + " wrote:";
  }

  String forwardedMarker() {
    return german()
        ? "---------- Weitergeleitete Nachricht ----------"
        : "---------- Forwarded message ----------";
  }

  /** The name of a header in the forwarded block: From, Date, Subject, To, Cc. */
  String header(String english) {
    if (!german()) {
      return english;
    }
    return switch (english) {
      case "From" -> "Von";
      case "Date" -> "Datum";
      case "Subject" -> "Betreff";
      case "To" -> "An";
      default -> english;
    };
  }
}
