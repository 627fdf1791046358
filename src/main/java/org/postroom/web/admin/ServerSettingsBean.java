package org.postroom.web.admin;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.ArrayList;
import java.util.List;
import org.postroom.config.Setting;
import org.postroom.core.ValidationException;
import org.postroom.runtime.ServerSettings;
import org.postroom.web.Messages;
import org.postroom.web.Navigation;

/**
 * Admin: every configuration key with its effective value and where it comes from. Runtime keys not
 * fixed by the environment can be changed here; the rest are shown read-only with their key.
 */
@Named
@RequestScoped
public class ServerSettingsBean {
  @Inject ServerSettings settings;

  private String key;
  private String value;

  /** One row of the table. */
  public record Row(Setting setting, String value, String source, boolean editable) {}

  public List<Row> getRows() {
    List<Row> rows = new ArrayList<>();
    for (Setting s : Setting.values()) {
      boolean secret = s.type() == Setting.Type.SECRET;
      String v = secret ? (settings.get(s).isEmpty() ? "" : "(set)") : settings.get(s);
      String source;
      boolean editable = false;
      if (settings.isFromEnvironment(s)) {
        source = "environment (" + s.envName() + ")";
      } else if (s.scope() == Setting.Scope.RUNTIME) {
        source = "database";
        editable = s != Setting.DOMAIN;
      } else {
        source = "default";
      }
      rows.add(new Row(s, v, source, editable));
    }
    return rows;
  }

  public void save() {
    var params =
        jakarta.faces.context.FacesContext.getCurrentInstance()
            .getExternalContext()
            .getRequestParameterMap();
    key = params.get("key");
    value = params.get("value");
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
    try {
      settings.set(s, value == null ? "" : value);
      Messages.info(s.key() + " is now " + settings.get(s) + ".");
      Navigation.redirect("/admin/settings.xhtml");
    } catch (ValidationException e) {
      Messages.error(String.join(" ", e.fieldErrors().values()));
    }
  }

  public String getKey() {
    return key;
  }

  public void setKey(String key) {
    this.key = key;
  }

  public String getValue() {
    return value;
  }

  public void setValue(String value) {
    this.value = value;
  }
}
