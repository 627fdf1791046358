package org.postroom.web.admin;

import jakarta.enterprise.context.RequestScoped;
import jakarta.faces.context.FacesContext;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.postroom.config.Setting;
import org.postroom.core.ValidationException;
import org.postroom.runtime.ServerSettings;
import org.postroom.web.I18n;
import org.postroom.web.Messages;
import org.postroom.web.Navigation;
import org.postroom.web.UserLocale;

/**
 * Admin: every configuration key with its effective value and where it comes from, grouped by what
 * it is about. Runtime keys not fixed by the environment can be changed here: choices as a list,
 * yes/no as a checkbox, secrets never shown. A wrong value is reported next to its field, with the
 * key, and what was typed stays there.
 */
@Named
@RequestScoped
public class ServerSettingsBean {
  @Inject ServerSettings settings;
  @Inject UserLocale userLocale;

  private String failedKey;
  private String failure;
  private String typed;

  /** One setting as the page shows it. */
  public record Row(
      Setting setting, String value, String source, boolean editable, List<Piece> description) {
    public boolean isSecret() {
      return setting.type() == Setting.Type.SECRET;
    }

    public boolean isChoice() {
      return setting.type() == Setting.Type.CHOICE;
    }

    public boolean isFlag() {
      return setting.type() == Setting.Type.BOOLEAN;
    }

    /** The form's element ids may not contain dots. */
    public String id() {
      return setting.key().replace('.', '-');
    }
  }

  /** Part of a description: plain text, or `code` as the README writes it. */
  public record Piece(String text, boolean code) {}

  /** A group of settings: its title and rows. */
  public record Group(String title, List<Row> rows) {}

  public List<Group> getGroups() {
    Map<String, List<Row>> groups = new LinkedHashMap<>();
    for (Setting s : Setting.values()) {
      groups.computeIfAbsent(group(s.key()), k -> new ArrayList<>()).add(row(s));
    }
    List<Group> out = new ArrayList<>();
    groups.forEach(
        (k, rows) ->
            out.add(new Group(I18n.text(userLocale.getLocale(), "settings.group." + k), rows)));
    return out;
  }

  static String group(String key) {
    String[] parts = key.split("\\.");
    String g = parts.length > 2 ? parts[1] : "general";
    return switch (g) {
      case "smtp", "relay", "inbound", "spam", "webmail", "tls", "maillog", "db", "dns" -> g;
      case "submission", "submissions", "http", "https", "bind", "data" -> "general";
      default -> "general";
    };
  }

  private Row row(Setting s) {
    String v = s.type() == Setting.Type.SECRET ? "" : settings.get(s);
    if (s.key().equals(failedKey) && s.type() != Setting.Type.SECRET) {
      v = typed; // what was typed stays next to its error
    }
    String source;
    boolean editable = false;
    var l = userLocale.getLocale();
    if (settings.isFromEnvironment(s)) {
      source = I18n.format(l, "settings.fromEnvironment", s.envName());
    } else if (s.scope() == Setting.Scope.RUNTIME) {
      source = I18n.text(l, "settings.fromDatabase");
      editable = s != Setting.DOMAIN;
    } else {
      source = I18n.text(l, "settings.fromStart");
    }
    return new Row(s, v, source, editable, pieces(description(s)));
  }

  /** The description in the page's language (written in English in Setting, where the key is). */
  private String description(Setting s) {
    return I18n.sentence(userLocale.getLocale(), s.description());
  }

  static List<Piece> pieces(String description) {
    List<Piece> out = new ArrayList<>();
    String[] parts = description.split("`", -1);
    for (int i = 0; i < parts.length; i++) {
      if (!parts[i].isEmpty()) {
        out.add(new Piece(parts[i], i % 2 == 1));
      }
    }
    return out;
  }

  /** Whether a secret key has a value (it is never shown). */
  public boolean isSet(Setting s) {
    return !settings.get(s).isEmpty();
  }

  public void save() {
    var params = FacesContext.getCurrentInstance().getExternalContext().getRequestParameterMap();
    String key = params.get("key");
    String value = params.get("value");
    Setting s = null;
    for (Setting candidate : Setting.values()) {
      if (candidate.key().equals(key)) {
        s = candidate;
      }
    }
    if (s == null || s == Setting.DOMAIN) {
      Messages.error("That setting cannot be changed here.");
      return;
    }
    if (s.type() == Setting.Type.BOOLEAN) {
      value = "true".equals(value) ? "true" : "false";
    }
    if (s.type() == Setting.Type.SECRET && (value == null || value.isEmpty())) {
      if (!"true".equals(params.get("clear"))) {
        Messages.info("Nothing changed.");
        Navigation.redirect("/admin/settings.xhtml#" + s.key().replace('.', '-'));
        return;
      }
      value = "";
    }
    try {
      settings.set(s, value == null ? "" : value);
      Messages.info(
          s.type() == Setting.Type.SECRET
              ? s.key() + " is changed."
              : s.key() + " is now " + settings.get(s) + ".");
      Navigation.redirect("/admin/settings.xhtml#" + s.key().replace('.', '-'));
    } catch (ValidationException e) {
      failedKey = s.key();
      typed = value;
      failure = I18n.sentence(userLocale.getLocale(), String.join(" ", e.fieldErrors().values()));
      FacesContext.getCurrentInstance().validationFailed();
    }
  }

  /** The error of the key that was just refused (shown under its field), else empty. */
  public String error(Setting s) {
    return s.key().equals(failedKey) ? failure : "";
  }
}
