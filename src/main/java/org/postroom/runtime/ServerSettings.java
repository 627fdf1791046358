package org.postroom.runtime;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;
import org.postroom.config.ConfigException;
import org.postroom.config.Setting;
import org.postroom.config.Settings;
import org.postroom.core.ValidationException;
import org.postroom.db.Database;

/**
 * The effective configuration while Postroom runs. Process keys come from MicroProfile Config once;
 * runtime keys come from the database (seeded from configuration on first start), except that a
 * value set in the environment always wins and cannot be changed in the UI. Database values are
 * re-read every few seconds, so a change made on one node reaches the others.
 */
@ApplicationScoped
public class ServerSettings {
  private static final long REFRESH_MILLIS = 3000;
  private final SettingRepository repository = new SettingRepository();

  @Inject Database db;

  private Settings process;
  private volatile Map<String, String> stored = Map.of();
  private volatile long loadedAt;

  @PostConstruct
  void load() {
    Config config = ConfigProvider.getConfig();
    process = Settings.load(s -> config.getOptionalValue(s.key(), String.class));
  }

  /** The configuration as read at start (ports, data directory, database, explicit values). */
  public Settings process() {
    return process;
  }

  /** Writes configured runtime values into the database where it has none yet. */
  public void seed() {
    db.run(
        c -> {
          for (Setting s : Setting.values()) {
            if (s.scope() == Setting.Scope.RUNTIME && s != Setting.DOMAIN) {
              // a secret the environment gives stays there: never copied into the database
              if (process.isExplicit(s) && s.type() == Setting.Type.SECRET) {
                continue;
              }
              Optional<String> v = process.isExplicit(s) ? process.optional(s) : Optional.empty();
              if (v.isEmpty() && s.defaultValue().indexOf('<') < 0 && !s.defaultValue().isEmpty()) {
                v = Optional.of(s.defaultValue());
              }
              if (v.isPresent()) {
                repository.putIfAbsent(c, s.key(), v.get());
              }
            }
          }
        });
    refresh();
  }

  /** The effective value of a key (environment, then database, then default). */
  public String get(Setting s) {
    if (s.scope() == Setting.Scope.PROCESS || process.isExplicit(s)) {
      return process.text(s);
    }
    String v = current().get(s.key());
    if (v != null && !v.isEmpty()) {
      return v;
    }
    if (s == Setting.HOSTNAME) {
      return domain().map(d -> "mail." + d).orElse("localhost");
    }
    return process.text(s);
  }

  public int integer(Setting s) {
    return Integer.parseInt(get(s));
  }

  public java.time.Duration duration(Setting s) {
    return Settings.duration(s, get(s));
  }

  /** A size in bytes ({@code 25MiB}). */
  public long bytes(Setting s) {
    return Settings.bytes(s, get(s));
  }

  public boolean flag(Setting s) {
    return Boolean.parseBoolean(get(s));
  }

  /** True when the environment sets the key, so the admin UI shows it read-only. */
  public boolean isFromEnvironment(Setting s) {
    return process.isExplicit(s);
  }

  public Optional<String> domain() {
    String d = process.isExplicit(Setting.DOMAIN) ? process.text(Setting.DOMAIN) : null;
    if (d == null) {
      d = current().get(Setting.DOMAIN.key());
    }
    return d == null || d.isEmpty() ? Optional.empty() : Optional.of(d);
  }

  public String hostname() {
    return get(Setting.HOSTNAME);
  }

  /**
   * Changes a runtime key.
   *
   * @throws ValidationException when the value is wrong or the environment fixes the key
   */
  public void set(Setting s, String value) {
    if (s.scope() != Setting.Scope.RUNTIME) {
      throw ValidationException.of(s.key(), "This setting is read at start; change " + s.envName());
    }
    if (process.isExplicit(s)) {
      throw ValidationException.of(
          s.key(), "Set by the environment (" + s.envName() + "); change it there.");
    }
    String canonical;
    if ((value == null || value.isBlank()) && s.defaultValue().isEmpty()) {
      canonical = ""; // an optional key (e.g. a public address) can be cleared again
    } else {
      try {
        canonical = Settings.check(s, value);
      } catch (ConfigException e) {
        throw ValidationException.of(s.key(), e.getMessage().replaceFirst("^[^:]*: ", ""));
      }
    }
    db.run(c -> repository.put(c, s.key(), canonical));
    refresh();
  }

  /**
   * A value Postroom keeps for itself in the settings table (the catch-all, the setup token, the
   * domain once set up), read in the caller's transaction.
   */
  public Optional<String> stored(Connection c, String key) throws SQLException {
    return repository.find(c, key);
  }

  /** Writes such a value in the caller's transaction; {@link #refresh()} after the commit. */
  public void store(Connection c, String key, String value) throws SQLException {
    repository.put(c, key, value);
  }

  public void forget(Connection c, String key) throws SQLException {
    repository.delete(c, key);
  }

  /** Forces the next read to see the database (after a change on this node). */
  public void refresh() {
    stored = db.read(repository::all);
    loadedAt = System.currentTimeMillis();
  }

  private Map<String, String> current() {
    if (System.currentTimeMillis() - loadedAt > REFRESH_MILLIS) {
      try {
        refresh();
      } catch (RuntimeException e) {
        // keep serving the last values if the database blips; health reports the outage
      }
    }
    return stored;
  }
}
