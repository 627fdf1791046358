package org.postroom.config;

import java.util.Map;
import java.util.Optional;

/** Where raw configuration values come from: MicroProfile Config in the app, env and -D outside. */
@FunctionalInterface
public interface ConfigLookup {
  /** The value set for the key, or empty when nothing sets it (defaults are not a lookup's job). */
  Optional<String> find(Setting setting);

  /**
   * System properties first, then environment variables, with MicroProfile Config's mapping rules
   * ({@code postroom.smtp.port}, {@code postroom_smtp_port}, {@code POSTROOM_SMTP_PORT}), so the
   * launcher sees exactly what the application will see.
   */
  static ConfigLookup environment() {
    return environment(System.getenv());
  }

  static ConfigLookup environment(Map<String, String> env) {
    return setting -> {
      String value = System.getProperty(setting.key());
      if (value == null) {
        value = env.get(setting.key());
      }
      if (value == null) {
        value = env.get(setting.key().replaceAll("[^A-Za-z0-9]", "_"));
      }
      if (value == null) {
        value = env.get(setting.envName());
      }
      return Optional.ofNullable(value).map(String::trim);
    };
  }

  /** A fixed map keyed by property name, for tests. */
  static ConfigLookup of(Map<String, String> values) {
    return setting -> Optional.ofNullable(values.get(setting.key())).map(String::trim);
  }
}
