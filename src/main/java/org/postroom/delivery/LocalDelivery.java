package org.postroom.delivery;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.postroom.account.RecipientResolver;
import org.postroom.core.DeliveryException;
import org.postroom.core.EmailAddress;
import org.postroom.core.RawMessage;
import org.postroom.core.SmtpStatus;
import org.postroom.db.DataAccessException;
import org.postroom.db.Database;
import org.postroom.mailbox.FolderRole;
import org.postroom.mailbox.MailStore;

/**
 * Puts a message into the Inbox of every local recipient: aliases and the catch-all resolved, one
 * copy per account however many of its addresses were named, the raw bytes stored once. Returns
 * only after the commit, so SMTP may answer 250, and refuses (never drops) what it cannot store.
 */
@ApplicationScoped
public class LocalDelivery {
  private static final Logger LOG = Logger.getLogger(LocalDelivery.class.getName());

  @Inject Database db;
  @Inject RecipientResolver resolver;
  @Inject MailStore store;

  /** Where a delivered message landed: one stored message id per account. */
  public record Receipt(List<Long> messageIds, List<Long> accountIds) {}

  /** Delivers in a transaction of its own, committed before this returns. */
  public Receipt deliver(Envelope envelope, RawMessage raw) {
    try {
      return db.transaction(c -> deliverIn(c, envelope, raw));
    } catch (DataAccessException | java.io.UncheckedIOException e) {
      LOG.log(Level.WARNING, "local delivery failed", e);
      throw new DeliveryException(SmtpStatus.LOCAL_ERROR, e);
    }
  }

  /**
   * Delivers inside the caller's transaction (so a submission's local copies and its queued remote
   * part commit together).
   *
   * @throws DeliveryException for an unknown recipient (550) or a full mailbox (452)
   */
  public Receipt deliverIn(Connection c, Envelope envelope, RawMessage raw) throws SQLException {
    return deliverIn(c, envelope, raw, FolderRole.INBOX);
  }

  /**
   * Delivers into the given folder of every recipient instead of the Inbox (the MX puts mail that
   * fails its sender's DMARC quarantine policy into Junk).
   */
  public Receipt deliverIn(Connection c, Envelope envelope, RawMessage raw, FolderRole folder)
      throws SQLException {
    RawMessage stored =
        raw.withPrefix(
            ("Return-Path: <" + envelope.reversePath() + ">\r\n")
                .getBytes(StandardCharsets.US_ASCII));
    Set<Long> targets = new LinkedHashSet<>();
    for (EmailAddress rcpt : envelope.recipients()) {
      var r = resolver.resolve(c, rcpt);
      if (r instanceof RecipientResolver.Resolution.Local local) {
        targets.addAll(local.accountIds());
      } else {
        throw new DeliveryException(SmtpStatus.of(550, "5.1.1", "No such user here: " + rcpt));
      }
    }
    List<Long> ordered = new ArrayList<>(targets);
    ordered.sort(null);
    List<Long> ids = store.deliver(c, ordered, stored, folder);
    return new Receipt(ids, ordered);
  }
}
