package org.postroom.testsupport;

import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.postroom.config.ConfigLookup;
import org.postroom.config.Setting;
import org.postroom.config.Settings;
import org.postroom.runtime.ServerSettings;

/**
 * Runtime settings for code under test outside the container: the defaults of {@link Setting}
 * overlaid with the values a test gives, changeable while the test runs (as the admin page would).
 */
public final class TestSettings extends ServerSettings {
  private final Map<String, String> values = new ConcurrentHashMap<>();
  private volatile Settings current;

  public TestSettings(String... keysAndValues) {
    for (int i = 0; i < keysAndValues.length; i += 2) {
      values.put(keysAndValues[i], keysAndValues[i + 1]);
    }
    current = Settings.load(ConfigLookup.of(Map.copyOf(values)));
  }

  /** Changes a value, as an admin would on the settings page. */
  public TestSettings put(Setting s, String value) {
    values.put(s.key(), Settings.check(s, value));
    current = Settings.load(ConfigLookup.of(Map.copyOf(values)));
    return this;
  }

  public TestSettings put(Setting s, Duration d) {
    return put(s, d.toMillis() + "ms");
  }

  @Override
  public Settings process() {
    return current;
  }

  @Override
  public String get(Setting s) {
    return process().text(s);
  }

  @Override
  public Optional<String> domain() {
    return process().optional(Setting.DOMAIN);
  }

  @Override
  public String hostname() {
    return get(Setting.HOSTNAME);
  }

  @Override
  public boolean isFromEnvironment(Setting s) {
    return false;
  }
}
