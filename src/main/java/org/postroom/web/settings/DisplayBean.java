package org.postroom.web.settings;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.time.ZoneId;
import java.util.List;
import java.util.Locale;
import org.postroom.core.ValidationException;
import org.postroom.mailbox.DisplaySettings;
import org.postroom.mailbox.MailboxService;
import org.postroom.web.Messages;
import org.postroom.web.Navigation;
import org.postroom.web.UserLocale;
import org.postroom.web.security.CurrentUser;

/**
 * Settings, Display: language, time zone, theme and reading pane. Empty language or time zone means
 * "as the browser says".
 */
@Named
@RequestScoped
public class DisplayBean {
  /** The zones offered: the IANA Area/City names, sorted (no legacy aliases like "US/Pacific"). */
  private static final List<String> ZONES =
      ZoneId.getAvailableZoneIds().stream()
          .filter(
              z ->
                  z.matches(
                      "(Africa|America|Antarctica|Asia|Atlantic|Australia|Europe|Indian|Pacific)/.+"))
          .sorted()
          .toList();

  @Inject CurrentUser user;
  @Inject MailboxService mailbox;
  @Inject UserLocale userLocale;

  private String language;
  private String timeZone;
  private String theme;
  private boolean readingPane;
  private boolean loaded;

  private void load() {
    if (!loaded) {
      DisplaySettings d = userLocale.display();
      language = d.language() == null ? "" : d.language();
      timeZone = d.timeZone() == null ? "" : d.timeZone();
      theme = d.theme().name();
      readingPane = d.readingPane();
      loaded = true;
    }
  }

  public void save() {
    DisplaySettings.Theme t;
    try {
      t = DisplaySettings.Theme.valueOf(theme == null ? "" : theme);
    } catch (IllegalArgumentException e) {
      Messages.fieldError("display", "theme", "Choose one of the three.");
      return;
    }
    try {
      DisplaySettings saved =
          mailbox.saveDisplay(user.id(), new DisplaySettings(language, timeZone, t, readingPane));
      Messages.info(userLocale.localeOf(saved), "Your display settings are saved.");
      Navigation.redirect("/settings/");
    } catch (ValidationException e) {
      Messages.fieldErrors("display", e);
    }
  }

  public List<String> getZones() {
    return ZONES;
  }

  /** "Europe/Berlin" as a person reads it: "Europe / Berlin". */
  public String zoneLabel(String zone) {
    return zone.replace('_', ' ').replace("/", " / ");
  }

  /** The browser's own zone, for the "as the browser says" choice. */
  public String getBrowserZone() {
    String z = userLocale.browserZone();
    return z == null ? "UTC" : z;
  }

  /** The language a choice of "as the browser says" gives, named in itself. */
  public String languageName(String tag) {
    Locale l = Locale.forLanguageTag(tag);
    String n = l.getDisplayLanguage(l);
    return n.substring(0, 1).toUpperCase(l) + n.substring(1);
  }

  public List<String> getLanguages() {
    return MailboxService.LANGUAGES;
  }

  public String getLanguage() {
    load();
    return language;
  }

  public void setLanguage(String language) {
    load();
    this.language = language;
  }

  public String getTimeZone() {
    load();
    return timeZone;
  }

  public void setTimeZone(String timeZone) {
    load();
    this.timeZone = timeZone;
  }

  public String getTheme() {
    load();
    return theme;
  }

  public void setTheme(String theme) {
    load();
    this.theme = theme;
  }

  public boolean isReadingPane() {
    load();
    return readingPane;
  }

  public void setReadingPane(boolean readingPane) {
    load();
    this.readingPane = readingPane;
  }
}
