package org.postroom.web;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.FormatStyle;
import java.util.Locale;

/**
 * How dates and sizes read in every page: in the user's language and time zone ({@link
 * UserLocale}). A list shows the time for today, day and month for this year, the full date before.
 */
@Named
@RequestScoped
public class MailFormat {
  @Inject UserLocale userLocale;

  private Locale locale() {
    return userLocale.getLocale();
  }

  private ZonedDateTime local(OffsetDateTime t) {
    return t.atZoneSameInstant(userLocale.getZone());
  }

  /** For a list: "14:05" today, "2 Dec" / "2. Dez." this year, else the short date. */
  public String shortDate(OffsetDateTime t) {
    if (t == null) {
      return "";
    }
    ZonedDateTime u = local(t);
    ZonedDateTime now = ZonedDateTime.now(u.getZone());
    if (u.toLocalDate().equals(now.toLocalDate())) {
      return DateTimeFormatter.ofLocalizedTime(FormatStyle.SHORT).withLocale(locale()).format(u);
    }
    if (u.getYear() == now.getYear()) {
      String pattern = locale().getLanguage().equals("de") ? "d. MMM" : "d MMM";
      return DateTimeFormatter.ofPattern(pattern, locale()).format(u);
    }
    return DateTimeFormatter.ofLocalizedDate(FormatStyle.SHORT).withLocale(locale()).format(u);
  }

  /** "2 Dec 2026, 14:05" in the user's zone, with the zone when it is not obvious. */
  public String fullDate(OffsetDateTime t) {
    if (t == null) {
      return "";
    }
    ZonedDateTime u = local(t);
    return DateTimeFormatter.ofLocalizedDateTime(FormatStyle.MEDIUM, FormatStyle.SHORT)
            .withLocale(locale())
            .format(u)
        + " "
        + DateTimeFormatter.ofPattern("zzz", locale()).format(u);
  }

  /** "2026-12-02 14:05:33 CET": a log's time, to the second, in the user's zone. */
  public String logTime(OffsetDateTime t) {
    return t == null
        ? ""
        : DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss zzz", locale()).format(local(t));
  }

  /** "in 4 min", "2 h ago" ("in 4 Min.", "vor 2 Std."): how far from now. */
  public String relative(OffsetDateTime t) {
    if (t == null) {
      return "";
    }
    long s = java.time.Duration.between(OffsetDateTime.now(), t).getSeconds();
    long a = Math.abs(s);
    if (a < 5) {
      return I18n.text(locale(), "time.now");
    }
    String amount =
        a < 120
            ? I18n.format(locale(), "time.seconds", a)
            : a < 7200
                ? I18n.format(locale(), "time.minutes", a / 60)
                : a < 172800
                    ? I18n.format(locale(), "time.hours", a / 3600)
                    : I18n.format(locale(), "time.days", a / 86400);
    return I18n.format(locale(), s > 0 ? "time.future" : "time.past", amount);
  }

  /** Milliseconds since 1970, for ordering rows in the page's script. */
  public long epochMillis(OffsetDateTime t) {
    return t == null ? 0 : t.toInstant().toEpochMilli();
  }

  public String iso(OffsetDateTime t) {
    return t == null ? "" : t.toInstant().toString();
  }

  /** "512 B", "12 KB", "3.4 MB" ("3,4 MB" in German). */
  public String size(long bytes) {
    return sizeOf(bytes, locale());
  }

  public static String sizeOf(long bytes, Locale locale) {
    if (bytes < 1024) {
      return bytes + " B";
    }
    if (bytes < 1024 * 1024) {
      return (bytes + 512) / 1024 + " KB";
    }
    if (bytes < 1024L * 1024 * 1024) {
      return String.format(locale, "%.1f MB", bytes / (1024.0 * 1024.0));
    }
    return String.format(locale, "%.1f GB", bytes / (1024.0 * 1024.0 * 1024.0));
  }
}
