package org.postroom.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postroom.db.Database;

/** The settings table as every database must keep it (H2 and PostgreSQL). */
abstract class SettingStoreContract {
  private final SettingRepository settings = new SettingRepository();
  Database db;

  abstract Database freshDatabase();

  @BeforeEach
  void migrate() {
    db = freshDatabase();
  }

  @Test
  void settingsArePutOnceAndThenReplaced() {
    assertThat(db.transaction((Connection c) -> settings.putIfAbsent(c, "k", "1"))).isTrue();
    assertThat(db.transaction((Connection c) -> settings.putIfAbsent(c, "k", "2"))).isFalse();
    assertThat(db.read((Connection c) -> settings.find(c, "k"))).hasValue("1");
    db.run(c -> settings.put(c, "k", "3"));
    assertThat(db.read((Connection c) -> settings.find(c, "k"))).hasValue("3");
    assertThat(db.read(settings::all)).containsEntry("k", "3");
    db.run(c -> settings.delete(c, "k"));
    assertThat(db.read((Connection c) -> settings.find(c, "k"))).isEmpty();
  }
}
