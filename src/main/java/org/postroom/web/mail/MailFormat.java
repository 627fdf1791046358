package org.postroom.web.mail;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Named;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/** How dates and sizes read in the mail pages (the page's script shows times in local time). */
@Named
@ApplicationScoped
public class MailFormat {
  private static final DateTimeFormatter DAY = DateTimeFormatter.ofPattern("d MMM", Locale.ENGLISH);
  private static final DateTimeFormatter FULL =
      DateTimeFormatter.ofPattern("d MMM yyyy, HH:mm 'UTC'", Locale.ENGLISH);

  public String shortDate(OffsetDateTime t) {
    if (t == null) {
      return "";
    }
    OffsetDateTime u = t.withOffsetSameInstant(ZoneOffset.UTC);
    OffsetDateTime now = OffsetDateTime.now(ZoneOffset.UTC);
    if (u.toLocalDate().equals(now.toLocalDate())) {
      return String.format(Locale.ROOT, "%02d:%02d", u.getHour(), u.getMinute());
    }
    return u.getYear() == now.getYear() ? DAY.format(u) : u.toLocalDate().toString();
  }

  public String fullDate(OffsetDateTime t) {
    return t == null ? "" : FULL.format(t.withOffsetSameInstant(ZoneOffset.UTC));
  }

  /** Milliseconds since 1970, for ordering rows in the page's script. */
  public long epochMillis(OffsetDateTime t) {
    return t == null ? 0 : t.toInstant().toEpochMilli();
  }

  public String iso(OffsetDateTime t) {
    return t == null ? "" : t.toInstant().toString();
  }

  public String size(long bytes) {
    if (bytes < 1024) {
      return bytes + " B";
    }
    if (bytes < 1024 * 1024) {
      return (bytes + 512) / 1024 + " KB";
    }
    return String.format(Locale.ROOT, "%.1f MB", bytes / (1024.0 * 1024.0));
  }
}
