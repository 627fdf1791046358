package org.postroom.config;

/** A configuration value that Postroom cannot start with; the message names the key. */
public final class ConfigException extends RuntimeException {
  private final Setting setting;

  public ConfigException(Setting setting, String problem) {
    super(setting.key() + " (" + setting.envName() + "): " + problem);
    this.setting = setting;
  }

  public Setting setting() {
    return setting;
  }
}
