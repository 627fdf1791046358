package org.postroom.web;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.servlet.http.Cookie;
import jakarta.servlet.http.HttpServletRequest;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Collections;
import java.util.Locale;
import org.postroom.mailbox.DisplaySettings;
import org.postroom.mailbox.MailboxService;
import org.postroom.web.security.CurrentUser;

/**
 * The language, time zone and theme of this request: the signed-in user's choice in Settings, else
 * what the browser says (Accept-Language; the time zone the page's script put in a cookie), else
 * English and UTC.
 */
@Named
@RequestScoped
public class UserLocale {
  /** The cookie the page's script sets to the browser's time zone (an IANA name). */
  public static final String ZONE_COOKIE = "postroom-tz";

  @Inject HttpServletRequest request;
  @Inject CurrentUser user;
  @Inject MailboxService mailbox;

  private DisplaySettings display;

  public DisplaySettings display() {
    if (display == null) {
      display = user.isSignedIn() ? mailbox.display(user.id()) : DisplaySettings.DEFAULTS;
    }
    return display;
  }

  public Locale getLocale() {
    return localeOf(display());
  }

  /** The language these display settings give this browser. */
  public Locale localeOf(DisplaySettings d) {
    String chosen = d.language();
    if (chosen != null) {
      return I18n.supported(Locale.forLanguageTag(chosen));
    }
    for (Locale l : Collections.list(request.getLocales())) {
      for (Locale ours : I18n.LOCALES) {
        if (ours.getLanguage().equals(l.getLanguage())) {
          return ours;
        }
      }
    }
    return Locale.ENGLISH;
  }

  /** For {@code <html lang>}. */
  public String getLanguage() {
    return getLocale().getLanguage();
  }

  public ZoneId getZone() {
    String chosen = display().timeZone();
    if (chosen != null) {
      return ZoneId.of(chosen);
    }
    return browserZone() == null ? ZoneOffset.UTC : ZoneId.of(browserZone());
  }

  /** The browser's time zone as the page's script reported it, or null. */
  public String browserZone() {
    Cookie[] cookies = request.getCookies();
    if (cookies != null) {
      for (Cookie c : cookies) {
        if (ZONE_COOKIE.equals(c.getName())) {
          String v =
              java.net.URLDecoder.decode(c.getValue(), java.nio.charset.StandardCharsets.UTF_8);
          if (ZoneId.getAvailableZoneIds().contains(v)) {
            return v;
          }
        }
      }
    }
    return null;
  }

  /** system, light or dark, for {@code <html data-theme>}. */
  public String getTheme() {
    return display().theme().name().toLowerCase(Locale.ROOT);
  }

  public boolean isReadingPane() {
    return display().readingPane();
  }
}
