package org.postroom.sending;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postroom.db.DataAccessException;
import org.postroom.db.Database;
import org.postroom.mailbox.MailboxFixtures;

/**
 * What the sending tables must do on every database ({@code H2OutgoingStoreTest}, {@code
 * PostgresOutgoingStoreIT}): one row per compose window, claims that exactly one caller wins, files
 * and settings that come back as they went in.
 */
abstract class OutgoingStoreContract {
  static final OffsetDateTime T0 = OffsetDateTime.of(2026, 11, 29, 20, 0, 0, 0, ZoneOffset.UTC);
  private final OutgoingRepository outgoing = new OutgoingRepository();
  Database db;
  long account;

  abstract Database freshDatabase();

  @BeforeEach
  void migrate() {
    db = freshDatabase();
    account = db.transaction(c -> MailboxFixtures.account(c, "ann@example.test", "Ann"));
  }

  static Composition draft(String subject) {
    return new Composition(
        "ann@example.test", "bob@remote.test", "", "", subject, true, "<b>hi</b>", null, null);
  }

  long insert(String key) {
    return db.transaction(c -> outgoing.insert(c, account, key, draft("s"), "<id@x>", T0));
  }

  List<Long> due(OffsetDateTime now) {
    return db.read(c -> outgoing.due(c, now, 10));
  }

  boolean claim(long id, String node, OffsetDateTime now) {
    return db.transaction(c -> outgoing.claim(c, id, node, now, now.plusMinutes(1)));
  }

  @Test
  void aComposeKeyHasOneRowOnly() {
    insert("key-0000001");
    assertThatThrownBy(() -> insert("key-0000001")).isInstanceOf(DataAccessException.class);
    long id = db.transaction(c -> outgoing.lockByKey(c, account, "key-0000001").orElseThrow().id());
    db.run(c -> outgoing.update(c, id, draft("changed"), T0.plusSeconds(1)));
    Outgoing o = db.read(c -> outgoing.find(c, account, id)).orElseThrow();
    assertThat(o.composition().subject()).isEqualTo("changed");
    assertThat(o.state()).isEqualTo(Outgoing.State.DRAFT);
    java.util.Optional<Outgoing> other = db.read(c -> outgoing.find(c, account + 1, id));
    assertThat(other).isEmpty();
  }

  @Test
  void aDueHoldIsClaimedOnceAndAgainOnlyAfterItsLeaseRunsOut() {
    long id = insert("key-0000002");
    db.run(
        c ->
            outgoing.changeState(
                c,
                account,
                id,
                Outgoing.State.DRAFT,
                Outgoing.State.HELD,
                T0.plusSeconds(10),
                null));
    assertThat(due(T0)).isEmpty();
    java.util.Optional<OffsetDateTime> next = db.read(c -> outgoing.nextRelease(c));
    assertThat(next).contains(T0.plusSeconds(10));
    OffsetDateTime at = T0.plusSeconds(11);
    assertThat(due(at)).containsExactly(id);
    assertThat(claim(id, "node-a", at)).isTrue();
    assertThat(claim(id, "node-b", at)).isFalse();
    // undo is too late once claimed
    boolean undone =
        db.transaction(
            c ->
                outgoing.changeState(
                    c, account, id, Outgoing.State.HELD, Outgoing.State.DRAFT, null, null));
    assertThat(undone).isFalse();
    java.util.Optional<Outgoing> notB = db.read(c -> outgoing.lockClaimed(c, id, "node-b"));
    assertThat(notB).isEmpty();
    OffsetDateTime later = at.plusMinutes(2);
    assertThat(due(later)).containsExactly(id);
    assertThat(claim(id, "node-b", later)).isTrue();
    java.util.Optional<Outgoing> b = db.transaction(c -> outgoing.lockClaimed(c, id, "node-b"));
    assertThat(b).isPresent();
  }

  @Test
  void filesAndSettingsComeBackAsTheyWentIn() {
    long id = insert("key-0000003");
    byte[] bytes = {0, 1, 2, (byte) 255};
    long file =
        db.transaction(
            c -> outgoing.addFile(c, id, "a.bin", "application/octet-stream", bytes, T0));
    List<Outgoing.File> files = db.read(c -> outgoing.files(c, id));
    assertThat(files)
        .containsExactly(new Outgoing.File(file, "a.bin", "application/octet-stream", 4));
    List<OutgoingMessage.Attachment> contents = db.read(c -> outgoing.fileContents(c, id));
    assertThat(contents.get(0).content()).isEqualTo(bytes);
    long size = db.read(c -> outgoing.filesSize(c, id));
    assertThat(size).isEqualTo(4);
    boolean removed = db.transaction(c -> outgoing.removeFile(c, id, file));
    assertThat(removed).isTrue();
    List<Outgoing.File> none = db.read(c -> outgoing.files(c, id));
    assertThat(none).isEmpty();

    SendingSettings defaults = db.read(c -> outgoing.settings(c, account));
    assertThat(defaults).isEqualTo(SendingSettings.DEFAULTS);
    db.run(c -> outgoing.saveSettings(c, account, new SendingSettings("-- Ann", "a@b.org", 5)));
    db.run(c -> outgoing.saveSettings(c, account, new SendingSettings("Ann", "", null)));
    SendingSettings saved = db.read(c -> outgoing.settings(c, account));
    assertThat(saved).isEqualTo(new SendingSettings("Ann", "", null));
  }
}
