package org.postroom.delivery;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.postroom.account.Account;
import org.postroom.account.AccountRepository;
import org.postroom.core.DeliveryException;
import org.postroom.core.EmailAddress;
import org.postroom.core.SmtpStatus;
import org.postroom.db.DataAccessException;
import org.postroom.db.Database;
import org.postroom.db.Sql;
import org.postroom.mailbox.Folder;
import org.postroom.mailbox.FolderRepository;
import org.postroom.mailbox.FolderRole;
import org.postroom.mailbox.MailStore;
import org.postroom.mailbox.MessageRepository;
import org.postroom.mailbox.RawMessage;

/**
 * Puts a message into the Inbox of every local recipient: aliases and the catch-all resolved, one
 * copy per account however many of its addresses were named, the raw bytes stored once. Returns
 * only after the commit, so SMTP may answer 250, and refuses (never drops) what it cannot store.
 */
@ApplicationScoped
public class LocalDelivery {
  private static final Logger LOG = Logger.getLogger(LocalDelivery.class.getName());
  private final AccountRepository accounts = new AccountRepository();
  private final FolderRepository folders = new FolderRepository();
  private final MessageRepository messages = new MessageRepository();
  private final MailStore store = new MailStore();

  @Inject Database db;
  @Inject RecipientResolver resolver;

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
    MailStore.Incoming incoming = MailStore.prepare(stored);
    Set<Long> targets = new LinkedHashSet<>();
    for (EmailAddress rcpt : envelope.recipients()) {
      var r = resolver.resolve(c, rcpt);
      if (r instanceof RecipientResolver.Resolution.Local local) {
        targets.addAll(local.accountIds());
      } else {
        throw new DeliveryException(SmtpStatus.of(550, "5.1.1", "No such user here: " + rcpt));
      }
    }
    // lock in id order, so concurrent deliveries to the same accounts cannot deadlock
    List<Long> ordered = new ArrayList<>(targets);
    ordered.sort(null);
    List<Account> locked = new ArrayList<>();
    for (long id : ordered) {
      Account a =
          accounts.lock(c, id).orElseThrow(() -> new DeliveryException(SmtpStatus.LOCAL_ERROR));
      if (a.wouldExceedQuota(stored.size())) {
        throw new DeliveryException(
            SmtpStatus.of(452, "4.2.2", "Mailbox full for " + a.address() + ", try again later"));
      }
      locked.add(a);
    }
    long blob = messages.insertBlob(c, stored, locked.size());
    OffsetDateTime now = Sql.now();
    List<Long> ids = new ArrayList<>();
    for (Account a : locked) {
      Folder inbox =
          folders
              .find(c, a.id(), folder)
              .orElseThrow(() -> new DeliveryException(SmtpStatus.LOCAL_ERROR));
      // threads, search index and folder counters, the same for every way into a mailbox
      ids.add(
          store.append(
              c,
              a.id(),
              inbox.id(),
              blob,
              stored.size(),
              MessageRepository.Flags.NONE,
              incoming,
              now));
      accounts.addUsedBytes(c, a.id(), stored.size());
    }
    return new Receipt(ids, ordered);
  }
}
