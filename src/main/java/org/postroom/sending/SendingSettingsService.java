package org.postroom.sending;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import org.postroom.config.Setting;
import org.postroom.core.EmailAddress;
import org.postroom.core.ValidationException;
import org.postroom.db.Database;
import org.postroom.runtime.ServerSettings;

/** The signed-in user's sending settings: signature, Reply-To and undo delay. */
@ApplicationScoped
public class SendingSettingsService {
  private final OutgoingRepository outgoing = new OutgoingRepository();

  @Inject Database db;
  @Inject ServerSettings settings;

  public SendingSettings settings(long accountId) {
    return db.read(c -> outgoing.settings(c, accountId));
  }

  /** The undo delay the user gets: their own, else the server's default, at most a minute. */
  public int undoSeconds(long accountId) {
    return db.read(c -> undoSeconds(c, accountId));
  }

  int undoSeconds(Connection c, long accountId) throws SQLException {
    Integer own = outgoing.settings(c, accountId).undoSeconds();
    long s = own != null ? own : settings.duration(Setting.WEBMAIL_UNDO_SEND).toSeconds();
    return (int) Math.max(0, Math.min(SendingSettings.MAX_UNDO_SECONDS, s));
  }

  /**
   * Saves signature, Reply-To and undo delay.
   *
   * @throws ValidationException naming the field that is wrong
   */
  public void saveSettings(long accountId, String signature, String replyTo, Integer undoSeconds) {
    ValidationException.Collector errors = new ValidationException.Collector();
    String sig = signature == null ? "" : signature.replace("\r\n", "\n").strip();
    if (sig.length() > SendingSettings.MAX_SIGNATURE) {
      errors.add("signature", "At most " + SendingSettings.MAX_SIGNATURE + " characters.");
    }
    String rt = replyTo == null ? "" : replyTo.strip();
    if (!rt.isEmpty()) {
      try {
        rt = EmailAddress.of(rt).toString();
      } catch (IllegalArgumentException e) {
        errors.add("replyTo", e.getMessage());
      }
    }
    if (undoSeconds != null
        && (undoSeconds < 0 || undoSeconds > SendingSettings.MAX_UNDO_SECONDS)) {
      errors.add(
          "undoSeconds",
          "From 0 (send at once) to " + SendingSettings.MAX_UNDO_SECONDS + " seconds.");
    }
    errors.throwIfAny();
    SendingSettings s = new SendingSettings(sig, rt, undoSeconds);
    db.run(c -> outgoing.saveSettings(c, accountId, s));
  }
}
