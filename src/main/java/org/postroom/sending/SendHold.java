package org.postroom.sending;

import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.postroom.account.RecipientResolver;
import org.postroom.config.Setting;
import org.postroom.core.ConflictException;
import org.postroom.core.DeliveryException;
import org.postroom.core.EmailAddress;
import org.postroom.core.NotFoundException;
import org.postroom.core.RawMessage;
import org.postroom.core.ValidationException;
import org.postroom.db.Database;
import org.postroom.db.Sql;
import org.postroom.delivery.Envelope;
import org.postroom.delivery.MailRouter;
import org.postroom.delivery.MessageSent;
import org.postroom.mailbox.FolderRole;
import org.postroom.mailbox.MailStore;
import org.postroom.mailbox.MessageFlags;
import org.postroom.runtime.Lifecycle;
import org.postroom.runtime.NodeIdentity;
import org.postroom.runtime.ServerSettings;
import org.postroom.runtime.Worker;

/**
 * Send, Undo and send later. Send checks every field of a saved draft, writes the message once
 * (dated when it will go) and holds it in the database, for the user's undo delay or until its
 * scheduled time. When that time comes, a node claims it (a lease under its {@link NodeIdentity},
 * on the runtime's {@link Worker}) and releases it through {@link MailRouter}, the path SMTP
 * submission takes: local recipients get it in the same transaction that files the copy in Sent,
 * remote ones through the relay queue. Any number of nodes may run this; each message goes once. A
 * message that cannot go (an address became unknown, a sending limit) returns to Drafts with the
 * reason, never silently lost.
 */
@ApplicationScoped
public class SendHold {
  private static final Logger LOG = Logger.getLogger(SendHold.class.getName());

  /** How long a node's claim on a due message lasts before another node may take it over. */
  static final Duration CLAIM = Duration.ofMinutes(1);

  /** The longest the worker sleeps without looking for due messages. */
  static final Duration IDLE = Duration.ofSeconds(2);

  private static final int BATCH = 50;
  private static final Duration STOP_GRACE = Duration.ofSeconds(10);

  private final OutgoingRepository outgoing = new OutgoingRepository();
  private final Worker worker = new Worker("postroom-sending", IDLE, this::releaseDue);

  @Inject Database db;
  @Inject ServerSettings settings;
  @Inject MailRouter router;
  @Inject RecipientResolver resolver;
  @Inject MailStore store;
  @Inject MessageAssembly assembly;
  @Inject Drafts drafts;
  @Inject SendingSettingsService sendingSettings;
  @Inject NodeIdentity node;
  @Inject Event<MessageSent> sentEvents;

  @Resource ManagedThreadFactory threads;

  void start(@Observes Lifecycle.Started started) {
    OffsetDateTime now = Sql.now();
    int freed = db.transaction(c -> outgoing.releaseClaims(c, node.name(), now));
    if (freed > 0) {
      LOG.info("postroom: " + freed + " held messages this node was sending are due again");
    }
    worker.start(threads);
  }

  void stop(@Observes Lifecycle.Stopping stopping) {
    worker.stop(STOP_GRACE);
  }

  // ---- the user's side

  /**
   * Checks every field of a saved draft, writes the message and holds it: for the user's undo
   * delay, or until {@code sendAt} (Scheduled). Nothing is held when a field is wrong.
   *
   * @throws ValidationException with a message per wrong field
   * @throws ConflictException when it is no longer a draft
   */
  public Outgoing send(long accountId, long id, OffsetDateTime sendAt) {
    return db.transaction(
        c -> {
          Outgoing o =
              outgoing
                  .lock(c, accountId, id)
                  .orElseThrow(() -> new NotFoundException("No such draft."));
          if (o.state() != Outgoing.State.DRAFT) {
            throw new ConflictException("id", "This message is already on its way.");
          }
          OffsetDateTime now = Sql.now();
          OffsetDateTime release =
              sendAt != null ? sendAt : now.plusSeconds(sendingSettings.undoSeconds(c, accountId));
          MessageAssembly.Ready ready = assembly.ready(c, o, release);
          ValidationException.Collector errors = new ValidationException.Collector();
          long max = settings.bytes(Setting.SMTP_MAX_MESSAGE_SIZE);
          if (ready.message().size() > max) {
            errors.add(
                "attachments",
                "The message is "
                    + Drafts.megabytes(ready.message().size())
                    + ", more than the "
                    + Drafts.megabytes(max)
                    + " a message may have.");
          }
          if (sendAt != null && !sendAt.isAfter(now)) {
            errors.add("sendAt", "Choose a time in the future.");
          }
          errors.throwIfAny();
          Outgoing.State state = sendAt == null ? Outgoing.State.HELD : Outgoing.State.SCHEDULED;
          outgoing.hold(c, accountId, o.id(), state, release, ready.written());
          drafts.removeCopy(c, accountId, o);
          db.afterCommit(worker::wake);
          return outgoing.find(c, accountId, o.id()).orElseThrow();
        });
  }

  /**
   * Takes a held or scheduled message back into a draft (Undo, or Edit from Scheduled).
   *
   * @throws ConflictException when it has already been sent
   */
  public Outgoing takeBack(long accountId, long id) {
    return db.transaction(
        c -> {
          boolean back =
              outgoing.changeState(
                      c, accountId, id, Outgoing.State.HELD, Outgoing.State.DRAFT, null, null)
                  || outgoing.changeState(
                      c, accountId, id, Outgoing.State.SCHEDULED, Outgoing.State.DRAFT, null, null);
          if (!back) {
            throw new ConflictException("id", "Too late: the message has been sent.");
          }
          drafts.refreshCopy(c, accountId, id);
          return outgoing.find(c, accountId, id).orElseThrow();
        });
  }

  public List<Outgoing> scheduled(long accountId) {
    return db.read(c -> outgoing.inState(c, accountId, Outgoing.State.SCHEDULED));
  }

  public long scheduledCount(long accountId) {
    return db.read(c -> outgoing.countInState(c, accountId, Outgoing.State.SCHEDULED));
  }

  /** Messages of the user still waiting for their undo delay to pass. */
  public List<Outgoing> held(long accountId) {
    return db.read(c -> outgoing.inState(c, accountId, Outgoing.State.HELD));
  }

  // ---- releasing

  /** One round of the worker: releases what is due, then sleeps until the next release time. */
  private Duration releaseDue() {
    List<Long> due = db.read(c -> outgoing.due(c, Sql.now(), BATCH));
    for (Long id : due) {
      if (!worker.isRunning()) {
        return Duration.ZERO;
      }
      release(id);
    }
    if (due.size() == BATCH) {
      return Duration.ZERO;
    }
    Optional<OffsetDateTime> next = db.read(outgoing::nextRelease);
    return next.map(t -> Duration.between(Sql.now(), t).plusMillis(5)).orElse(IDLE);
  }

  /** Sends one due message if this node wins its claim. */
  boolean release(long id) {
    OffsetDateTime now = Sql.now();
    String me = node.name();
    if (!db.transaction(c -> outgoing.claim(c, id, me, now, now.plus(CLAIM)))) {
      return false;
    }
    MessageSent sent;
    try {
      sent = db.transaction(c -> deliver(c, id, me));
    } catch (DeliveryException | ValidationException | IllegalArgumentException e) {
      String reason = reason(e);
      LOG.log(Level.INFO, "postroom: a held message went back to Drafts: {0}", reason);
      db.run(
          c -> {
            Optional<Outgoing> o = outgoing.lockClaimed(c, id, me);
            if (o.isPresent()) {
              outgoing.changeState(
                  c,
                  o.get().accountId(),
                  id,
                  Outgoing.State.SENDING,
                  Outgoing.State.DRAFT,
                  null,
                  reason);
              drafts.refreshCopy(c, o.get().accountId(), id);
            }
          });
      return true;
    }
    if (sent != null) {
      try {
        sentEvents.fire(sent);
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "postroom: an observer of MessageSent failed", e);
      }
    }
    return true;
  }

  private MessageSent deliver(Connection c, long id, String owner) throws SQLException {
    Optional<Outgoing> claimed = outgoing.lockClaimed(c, id, owner);
    if (claimed.isEmpty()) {
      return null; // the claim ran out and another node took it
    }
    Outgoing o = claimed.get();
    long me = o.accountId();
    OffsetDateTime now = Sql.now();
    Optional<OutgoingRepository.Written> written = outgoing.written(c, id);
    MessageAssembly.Ready ready =
        written.isPresent()
            ? MessageAssembly.Ready.of(written.get())
            : assembly.ready(c, o, now); // held by a version that did not write it at Send
    MailRouter.Routed routed =
        router.route(
            new Envelope(ready.from().toString(), ready.recipients()),
            RawMessage.of(ready.message().delivered()),
            me);
    long sentId =
        store.file(
            c, me, FolderRole.SENT, RawMessage.of(ready.message().authorCopy()), MessageFlags.SEEN);
    List<String> local = new ArrayList<>();
    for (EmailAddress r : ready.recipients()) {
      if (resolver.isLocalDomain(r)) {
        local.add(r.toString());
      }
    }
    outgoing.recordSent(c, sentId, me, routed.queueId(), String.join(",", local), now);
    Composition.Origin origin = o.composition().origin();
    if (origin == Composition.Origin.REPLY || origin == Composition.Origin.REPLY_ALL) {
      store.markAnswered(c, me, o.composition().originId());
    }
    drafts.removeCopy(c, me, o);
    outgoing.delete(c, id);
    return MessageSent.named(me, ready.recipients(), RawMessage.of(ready.message().authorCopy()));
  }

  private static String reason(RuntimeException e) {
    if (e instanceof DeliveryException d) {
      return d.status().text();
    }
    if (e instanceof ValidationException v) {
      return String.join(" ", v.fieldErrors().values());
    }
    return e.getMessage();
  }
}
