package org.postroom.sending;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.mail.internet.InternetAddress;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Pattern;
import org.postroom.account.Account;
import org.postroom.account.AccountRepository;
import org.postroom.account.AliasRepository;
import org.postroom.config.Setting;
import org.postroom.core.ConflictException;
import org.postroom.core.DeliveryException;
import org.postroom.core.EmailAddress;
import org.postroom.core.NotFoundException;
import org.postroom.core.ValidationException;
import org.postroom.db.DataAccessException;
import org.postroom.db.Database;
import org.postroom.db.Sql;
import org.postroom.delivery.Envelope;
import org.postroom.delivery.MailRouter;
import org.postroom.delivery.RecipientResolver;
import org.postroom.delivery.queue.OutboundStore;
import org.postroom.delivery.queue.QueuedRecipient;
import org.postroom.mailbox.Folder;
import org.postroom.mailbox.FolderRepository;
import org.postroom.mailbox.FolderRole;
import org.postroom.mailbox.MailStore;
import org.postroom.mailbox.MessageRepository;
import org.postroom.mailbox.RawMessage;
import org.postroom.mailbox.StoredMessage;
import org.postroom.mime.MailPart;
import org.postroom.mime.MimeReader;
import org.postroom.mime.ReadMessage;
import org.postroom.server.ServerSettings;

/**
 * Sending from the webmail, for the signed-in user only (every method takes their account id).
 * Drafts are saved under the compose window's key, so however often and from however many requests
 * a window saves, there is one draft and one copy of it in Drafts. Send checks every field, then
 * holds the message in the database (for undo, or until its scheduled time); {@link SendingWorker}
 * releases it through {@link MailRouter}, the path SMTP submission takes: local recipients get it
 * in the same transaction that files the copy in Sent, remote ones through the relay queue.
 */
@ApplicationScoped
public class SendingService {
  private static final Logger LOG = Logger.getLogger(SendingService.class.getName());

  /** How long a node's claim on a due message lasts before another node may take it over. */
  static final Duration CLAIM = Duration.ofMinutes(1);

  static final int MAX_BODY_CHARS = 1_000_000;
  static final int MAX_SUBJECT = 998;
  static final int MAX_FIELD = 8000;
  private static final Pattern KEY = Pattern.compile("[A-Za-z0-9-]{8,64}");
  private static final SecureRandom RANDOM = new SecureRandom();
  private static final DateTimeFormatter WHEN =
      DateTimeFormatter.ofPattern("d MMM yyyy HH:mm:ss 'UTC'", Locale.ENGLISH);

  private final OutgoingRepository outgoing = new OutgoingRepository();
  private final MessageRepository messages = new MessageRepository();
  private final FolderRepository folders = new FolderRepository();
  private final AccountRepository accounts = new AccountRepository();
  private final AliasRepository aliases = new AliasRepository();
  private final MailStore store = new MailStore();
  private final OutboundStore queue = new OutboundStore();

  @Inject Database db;
  @Inject ServerSettings settings;
  @Inject MailRouter router;
  @Inject RecipientResolver resolver;
  @Inject Event<MessageSent> sentEvents;
  @Inject SendingWorker worker;

  /** A file chosen in the compose page. */
  public record Upload(String fileName, String contentType, byte[] content) {}

  // ---- starting a message

  /** The user's own addresses (account first, then aliases): what From may be. */
  public List<EmailAddress> identities(long accountId) {
    return db.read(c -> identities(c, accountId));
  }

  private List<EmailAddress> identities(Connection c, long accountId) throws SQLException {
    List<EmailAddress> out = new ArrayList<>();
    accounts.find(c, accountId).ifPresent(a -> out.add(a.address()));
    out.addAll(aliases.aliasesOf(c, accountId));
    return out;
  }

  public String displayName(long accountId) {
    return db.read(c -> accounts.find(c, accountId).map(Account::displayName).orElse(""));
  }

  public Composition fresh(long accountId) {
    return Replies.fresh(identities(accountId), settings(accountId).signature());
  }

  public Composition reply(long accountId, long messageId, boolean all) {
    return Replies.reply(
        original(accountId, messageId),
        messageId,
        all,
        identities(accountId),
        settings(accountId).signature());
  }

  public Composition forward(long accountId, long messageId, boolean asAttachment) {
    return Replies.forward(
        original(accountId, messageId),
        messageId,
        asAttachment,
        identities(accountId),
        settings(accountId).signature());
  }

  private ReadMessage original(long accountId, long messageId) {
    byte[] raw =
        db.read(c -> messages.content(c, accountId, messageId))
            .orElseThrow(() -> new NotFoundException("No such message."));
    return MimeReader.read(raw);
  }

  /** What a forward carries from its original (names to show on the compose page). */
  public List<String> carried(long accountId, Composition m) {
    if (m.origin() == null || !m.origin().isForward() || m.originId() == null) {
      return List.of();
    }
    if (m.origin() == Composition.Origin.FORWARD_ATTACHMENT) {
      return db.read(c -> messages.find(c, accountId, m.originId()))
          .map(o -> List.of(forwardedName(o.summary().subject())))
          .orElse(List.of());
    }
    Optional<byte[]> raw = db.read(c -> messages.content(c, accountId, m.originId()));
    if (raw.isEmpty()) {
      return List.of();
    }
    return MimeReader.read(raw.get()).attachments().stream().map(MailPart::fileName).toList();
  }

  /** The most a message's files may add up to: the message size limit less base64's growth. */
  public long attachmentLimit() {
    return settings.bytes(Setting.SMTP_MAX_MESSAGE_SIZE) * 3 / 4 - 64 * 1024;
  }

  // ---- drafts

  /** A new key for a compose window. */
  public static String newKey() {
    byte[] b = new byte[16];
    RANDOM.nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  /**
   * Saves the compose window's draft (creating it on the first save) with any new files, and
   * replaces its copy in Drafts.
   *
   * @throws ConflictException when the message is already held, scheduled or sent
   */
  public Outgoing save(long accountId, String key, Composition m, List<Upload> uploads) {
    if (key == null || !KEY.matcher(key).matches()) {
      throw ValidationException.of("key", "This compose page is broken; open it again.");
    }
    Composition clean = clean(m);
    try {
      return db.transaction(c -> saveIn(c, accountId, key, clean, uploads));
    } catch (DataAccessException e) {
      // two first saves of one window at once: the loser's insert hit the unique key; the row
      // exists now, so saving again updates it
      return db.transaction(c -> saveIn(c, accountId, key, clean, uploads));
    }
  }

  private Outgoing saveIn(
      Connection c, long accountId, String key, Composition m, List<Upload> uploads)
      throws SQLException {
    OffsetDateTime now = Sql.now();
    Optional<Outgoing> existing = outgoing.lockByKey(c, accountId, key);
    long id;
    if (existing.isPresent()) {
      if (existing.get().state() != Outgoing.State.DRAFT) {
        throw new ConflictException(
            "key", "This message is already on its way; edit it from Scheduled or undo it first.");
      }
      id = existing.get().id();
      outgoing.update(c, id, m, now);
    } else {
      id = outgoing.insert(c, accountId, key, m, newMessageId(), now);
    }
    long total = outgoing.filesSize(c, id);
    for (Upload u : uploads) {
      total += u.content().length;
      if (total > attachmentLimit()) {
        throw ValidationException.of(
            "attachments",
            "The files add up to more than "
                + megabytes(attachmentLimit())
                + ", the most a message may carry.");
      }
      outgoing.addFile(
          c, id, fileName(u.fileName()), contentType(u.contentType()), u.content(), now);
    }
    refreshDraftCopy(c, accountId, id);
    return outgoing.find(c, accountId, id).orElseThrow();
  }

  public void removeFile(long accountId, String key, long fileId) {
    db.run(
        c -> {
          Outgoing o =
              outgoing
                  .lockByKey(c, accountId, key)
                  .orElseThrow(() -> new NotFoundException("No such draft."));
          if (o.state() == Outgoing.State.DRAFT && outgoing.removeFile(c, o.id(), fileId)) {
            refreshDraftCopy(c, accountId, o.id());
          }
        });
  }

  public Outgoing open(long accountId, long id) {
    return db.read(c -> outgoing.find(c, accountId, id))
        .orElseThrow(() -> new NotFoundException("No such draft."));
  }

  /** The row of a compose window, if it has been saved. */
  public Optional<Outgoing> draftByKey(long accountId, String key) {
    return key == null ? Optional.empty() : db.read(c -> outgoing.findByKey(c, accountId, key));
  }

  /** The draft whose copy in Drafts is this message, if it is one. */
  public Optional<Outgoing> draftOf(long accountId, long messageId) {
    return db.read(c -> outgoing.byDraftMessage(c, accountId, messageId));
  }

  public List<Outgoing.File> files(long accountId, long outgoingId) {
    return db.read(
        c -> {
          outgoing
              .find(c, accountId, outgoingId)
              .orElseThrow(() -> new NotFoundException("No such draft."));
          return outgoing.files(c, outgoingId);
        });
  }

  /** Deletes a draft (or cancels a scheduled message) with its files and its copy in Drafts. */
  public void discard(long accountId, long id) {
    db.run(
        c -> {
          Outgoing o =
              outgoing
                  .lock(c, accountId, id)
                  .orElseThrow(() -> new NotFoundException("No such draft."));
          if (o.state() == Outgoing.State.SENDING) {
            throw new ConflictException("id", "Too late: the message is being sent.");
          }
          removeDraftCopy(c, accountId, o);
          outgoing.delete(c, o.id());
        });
  }

  // ---- sending

  /**
   * Checks every field of a saved draft and holds the message: for the user's undo delay, or until
   * {@code sendAt} (Scheduled). Nothing is held when a field is wrong.
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
          OutgoingMessage msg = assemble(c, o, true, now);
          ValidationException.Collector errors = new ValidationException.Collector();
          int size = MessageBuilder.build(msg).length;
          if (size > settings.bytes(Setting.SMTP_MAX_MESSAGE_SIZE)) {
            errors.add(
                "attachments",
                "The message is "
                    + megabytes(size)
                    + ", more than the "
                    + megabytes(settings.bytes(Setting.SMTP_MAX_MESSAGE_SIZE))
                    + " a message may have.");
          }
          if (sendAt != null && !sendAt.isAfter(now)) {
            errors.add("sendAt", "Choose a time in the future.");
          }
          errors.throwIfAny();
          Outgoing.State state = sendAt == null ? Outgoing.State.HELD : Outgoing.State.SCHEDULED;
          OffsetDateTime release =
              sendAt != null ? sendAt : now.plusSeconds(undoSeconds(c, accountId));
          outgoing.changeState(c, accountId, o.id(), Outgoing.State.DRAFT, state, release, null);
          removeDraftCopy(c, accountId, o);
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
          refreshDraftCopy(c, accountId, id);
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

  // ---- releasing (SendingWorker)

  List<Long> due(int limit) {
    return db.read(c -> outgoing.due(c, Sql.now(), limit));
  }

  Optional<OffsetDateTime> nextRelease() {
    return db.read(outgoing::nextRelease);
  }

  /**
   * Sends one due message if this node wins its claim. A message that cannot go (an address became
   * unknown, a sending limit) returns to Drafts with the reason, never silently lost.
   */
  boolean release(long id, String node) {
    OffsetDateTime now = Sql.now();
    if (!db.transaction(c -> outgoing.claim(c, id, node, now, now.plus(CLAIM)))) {
      return false;
    }
    MessageSent sent;
    try {
      sent = db.transaction(c -> deliver(c, id, node));
    } catch (DeliveryException | ValidationException | IllegalArgumentException e) {
      String reason = reason(e);
      LOG.log(Level.INFO, "postroom: a held message went back to Drafts: {0}", reason);
      db.run(
          c -> {
            Optional<Outgoing> o = outgoing.lockClaimed(c, id, node);
            if (o.isPresent()) {
              outgoing.changeState(
                  c,
                  o.get().accountId(),
                  id,
                  Outgoing.State.SENDING,
                  Outgoing.State.DRAFT,
                  null,
                  reason);
              refreshDraftCopy(c, o.get().accountId(), id);
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

  private MessageSent deliver(Connection c, long id, String node) throws SQLException {
    Optional<Outgoing> claimed = outgoing.lockClaimed(c, id, node);
    if (claimed.isEmpty()) {
      return null; // the claim ran out and another node took it
    }
    Outgoing o = claimed.get();
    long me = o.accountId();
    OffsetDateTime now = Sql.now();
    OutgoingMessage msg = assemble(c, o, true, now);
    Set<EmailAddress> rcpts = new LinkedHashSet<>();
    for (InternetAddress a : msg.recipients()) {
      rcpts.add(EmailAddress.of(a.getAddress()));
    }
    MailRouter.Routed routed =
        router.route(
            new Envelope(msg.from().getAddress(), new ArrayList<>(rcpts)),
            RawMessage.of(MessageBuilder.build(msg)),
            me);
    long sentId =
        storeCopy(
            c, me, FolderRole.SENT, MessageBuilder.buildWithBcc(msg), MessageRepository.Flags.SEEN);
    List<String> local = new ArrayList<>();
    for (EmailAddress r : rcpts) {
      if (resolver.isLocalDomain(r)) {
        local.add(r.toString());
      }
    }
    outgoing.recordSent(c, sentId, me, routed.queueId(), String.join(",", local), now);
    Composition.Origin origin = o.composition().origin();
    if (origin == Composition.Origin.REPLY || origin == Composition.Origin.REPLY_ALL) {
      Sql.update(
          c,
          "update message set answered = true where id = ? and account_id = ?",
          o.composition().originId(),
          me);
    }
    removeDraftCopy(c, me, o);
    outgoing.delete(c, id);
    return new MessageSent(me, rcpts.stream().map(EmailAddress::toString).toList());
  }

  // ---- delivery status

  /** Per recipient of a message in Sent: delivered, queued, deferred or bounced. */
  public List<RecipientStatus> status(long accountId, long messageId) {
    return db.read(
        c -> {
          Optional<OutgoingRepository.SentRecord> sent = outgoing.sent(c, accountId, messageId);
          if (sent.isEmpty()) {
            return List.of();
          }
          List<RecipientStatus> out = new ArrayList<>();
          for (String a : sent.get().localRecipients().split(",")) {
            if (!a.isBlank()) {
              out.add(
                  new RecipientStatus(
                      a, "delivered", "Delivered here at " + when(sent.get().sentAt()), true));
            }
          }
          Long q = sent.get().queueId();
          if (q != null) {
            List<QueuedRecipient> rs = queue.recipients(c, q);
            if (rs.isEmpty()) {
              out.add(
                  new RecipientStatus(
                      "",
                      "unknown",
                      "The relay queue no longer keeps this message's status.",
                      true));
            }
            for (QueuedRecipient r : rs) {
              out.add(status(r));
            }
          }
          return out;
        });
  }

  private static RecipientStatus status(QueuedRecipient r) {
    String reply = r.lastReply() == null ? "" : r.lastReply().strip();
    return switch (r.state()) {
      case DELIVERED ->
          new RecipientStatus(
              r.address(),
              "delivered",
              "Delivered to " + r.remoteHost() + " at " + when(r.finishedAt()),
              true);
      case FAILED ->
          new RecipientStatus(
              r.address(),
              "bounced",
              "Bounced: " + (reply.isEmpty() ? "undeliverable" : reply),
              true);
      case DEFERRED ->
          new RecipientStatus(
              r.address(),
              "deferred",
              "Deferred: "
                  + (reply.isEmpty() ? "no answer" : reply)
                  + "; next attempt at "
                  + when(r.nextAttemptAt()),
              false);
      case QUEUED ->
          new RecipientStatus(
              r.address(), "queued", "Queued for " + r.domain() + ", sending now", false);
    };
  }

  // ---- settings

  public SendingSettings settings(long accountId) {
    return db.read(c -> outgoing.settings(c, accountId));
  }

  /** The undo delay the user gets: their own, else the server's default, at most a minute. */
  public int undoSeconds(long accountId) {
    return db.read(c -> undoSeconds(c, accountId));
  }

  private int undoSeconds(Connection c, long accountId) throws SQLException {
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

  // ---- building the message

  /**
   * The message a row stands for. {@code strict}: every field must be right (sending), else each
   * wrong field is reported; otherwise wrong fields are left out (the copy in Drafts).
   */
  OutgoingMessage assemble(Connection c, Outgoing o, boolean strict, OffsetDateTime date)
      throws SQLException {
    long me = o.accountId();
    Composition m = o.composition();
    ValidationException.Collector errors = new ValidationException.Collector();
    List<EmailAddress> mine = identities(c, me);
    Account account = accounts.find(c, me).orElseThrow(() -> new NotFoundException("No account."));
    EmailAddress from = account.address();
    Optional<EmailAddress> chosen = EmailAddress.parse(m.from());
    if (chosen.isPresent() && mine.contains(chosen.get())) {
      from = mine.get(mine.indexOf(chosen.get()));
    } else if (strict) {
      errors.add("from", "Choose one of your own addresses.");
    }
    List<InternetAddress> to = field(c, "to", m.to(), strict, errors);
    List<InternetAddress> cc = field(c, "cc", m.cc(), strict, errors);
    List<InternetAddress> bcc = field(c, "bcc", m.bcc(), strict, errors);
    int count = to.size() + cc.size() + bcc.size();
    if (strict && count == 0 && !errors.has("to")) {
      errors.add("to", "Add at least one recipient.");
    }
    if (strict && count > settings.integer(Setting.SMTP_MAX_RECIPIENTS)) {
      errors.add(
          "to",
          "At most " + settings.integer(Setting.SMTP_MAX_RECIPIENTS) + " recipients per message.");
    }
    String subject = m.subject();
    if (subject.indexOf('\r') >= 0 || subject.indexOf('\n') >= 0) {
      if (strict) {
        errors.add("subject", "A subject cannot contain line breaks.");
      }
      subject = subject.replaceAll("[\\r\\n]+", " ");
    }
    if (strict && subject.length() > MAX_SUBJECT) {
      errors.add("subject", "At most " + MAX_SUBJECT + " characters.");
    }
    if (strict) {
      errors.throwIfAny();
    }
    SendingSettings mySettings = outgoing.settings(c, me);
    InternetAddress replyTo =
        mySettings.replyTo().isBlank()
            ? null
            : AddressField.address(mySettings.replyTo(), account.displayName());
    List<OutgoingMessage.Attachment> files = new ArrayList<>(outgoing.fileContents(c, o.id()));
    byte[] forwarded = null;
    String forwardedName = null;
    String inReplyTo = null;
    String references = null;
    if (m.origin() != null && m.originId() != null) {
      Optional<StoredMessage> orig = messages.find(c, me, m.originId());
      Optional<byte[]> raw = messages.content(c, me, m.originId());
      if (orig.isPresent() && raw.isPresent()) {
        switch (m.origin()) {
          case REPLY, REPLY_ALL -> {
            String parent = orig.get().summary().messageId();
            if (parent != null && !parent.isBlank()) {
              inReplyTo = angle(parent);
              String before = orig.get().summary().references();
              references = ((before == null ? "" : before.strip()) + " " + inReplyTo).strip();
            }
          }
          case FORWARD -> {
            ReadMessage read = MimeReader.read(raw.get());
            for (MailPart p : read.attachments()) {
              MimeReader.part(raw.get(), p.index())
                  .ifPresent(
                      pc ->
                          files.add(
                              new OutgoingMessage.Attachment(
                                  fileName(p.fileName()),
                                  contentType(p.contentType()),
                                  pc.bytes())));
            }
          }
          case FORWARD_ATTACHMENT -> {
            forwarded = raw.get();
            forwardedName = forwardedName(orig.get().summary().subject());
          }
        }
      }
    }
    return new OutgoingMessage(
        AddressField.address(from.toString(), account.displayName()),
        to,
        cc,
        bcc,
        replyTo,
        subject,
        m.rich(),
        m.body(),
        files,
        forwarded,
        forwardedName,
        o.headerMessageId(),
        inReplyTo,
        references,
        date);
  }

  private List<InternetAddress> field(
      Connection c, String name, String text, boolean strict, ValidationException.Collector errors)
      throws SQLException {
    AddressField.Parsed p = AddressField.parse(text);
    if (!p.ok()) {
      if (strict) {
        errors.add(name, p.error());
      }
      return List.of();
    }
    if (strict) {
      for (InternetAddress a : p.addresses()) {
        EmailAddress e = EmailAddress.of(a.getAddress());
        if (resolver.isLocalDomain(e)
            && !(resolver.resolve(c, e) instanceof RecipientResolver.Resolution.Local)) {
          errors.add(name, "No one here has the address " + e + ".");
        }
      }
    }
    return p.addresses();
  }

  private static String angle(String id) {
    String t = id.strip();
    return t.startsWith("<") ? t : "<" + t + ">";
  }

  /** The file name of a message forwarded as an attachment: its subject (as stored), ".eml". */
  private static String forwardedName(String subject) {
    String s = subject == null || subject.isBlank() ? "message" : subject.strip();
    return fileName(s.replaceAll("[\\\\/:*?\"<>|]", "_")) + ".eml";
  }

  // ---- copies in Drafts and Sent

  private void refreshDraftCopy(Connection c, long accountId, long id) throws SQLException {
    Outgoing o = outgoing.find(c, accountId, id).orElseThrow();
    removeDraftCopy(c, accountId, o);
    byte[] bytes = MessageBuilder.buildWithBcc(assemble(c, o, false, Sql.now()));
    long copy =
        storeCopy(
            c,
            accountId,
            FolderRole.DRAFTS,
            bytes,
            new MessageRepository.Flags(true, false, false, true));
    outgoing.setDraftMessage(c, id, copy);
  }

  private void removeDraftCopy(Connection c, long accountId, Outgoing o) throws SQLException {
    if (o.draftMessageId() != null) {
      store.deleteForever(c, accountId, List.of(o.draftMessageId()));
      outgoing.setDraftMessage(c, o.id(), null);
    }
  }

  /** Files the author's own copy (Drafts, Sent) through the store, counted against the quota. */
  private long storeCopy(
      Connection c, long accountId, FolderRole role, byte[] bytes, MessageRepository.Flags flags)
      throws SQLException {
    RawMessage raw = RawMessage.of(bytes);
    Folder folder =
        folders.find(c, accountId, role).orElseThrow(() -> new NotFoundException("No " + role));
    long blob = messages.insertBlob(c, raw, 1);
    long id =
        store.append(
            c, accountId, folder.id(), blob, raw.size(), flags, MailStore.prepare(raw), Sql.now());
    accounts.addUsedBytes(c, accountId, raw.size());
    return id;
  }

  // ---- small rules

  private String newMessageId() {
    byte[] b = new byte[12];
    RANDOM.nextBytes(b);
    String domain = settings.domain().orElse("localhost");
    return "<" + HexFormat.of().formatHex(b) + "@" + domain + ">";
  }

  /** The form's values cut to what the store keeps, the rich body sanitised. */
  static Composition clean(Composition m) {
    String body = m.body();
    if (body.length() > MAX_BODY_CHARS) {
      throw ValidationException.of(
          "body", "The text is longer than " + MAX_BODY_CHARS + " characters.");
    }
    if (m.rich()) {
      body = HtmlText.sanitize(body);
      if (body.length() > MAX_BODY_CHARS) {
        body = body.substring(0, MAX_BODY_CHARS);
      }
    }
    return new Composition(
        cut(m.from(), 320),
        cut(m.to(), MAX_FIELD),
        cut(m.cc(), MAX_FIELD),
        cut(m.bcc(), MAX_FIELD),
        cut(m.subject(), 2000),
        m.rich(),
        body,
        m.originId(),
        m.origin());
  }

  private static String cut(String s, int max) {
    return s.length() > max ? s.substring(0, max) : s;
  }

  static String fileName(String name) {
    String n = name == null ? "" : name.replaceAll("[\\r\\n\\x00-\\x1f\"]", " ").strip();
    int slash = Math.max(n.lastIndexOf('/'), n.lastIndexOf('\\'));
    n = n.substring(slash + 1);
    if (n.isEmpty()) {
      n = "attachment";
    }
    return n.length() > 200 ? n.substring(n.length() - 200) : n;
  }

  static String contentType(String type) {
    String t = type == null ? "" : type.strip().toLowerCase(Locale.ROOT);
    return t.matches("[a-z0-9.+-]+/[a-z0-9.+-]+") ? t : "application/octet-stream";
  }

  static String megabytes(long bytes) {
    return String.format(Locale.ROOT, "%.1f MB", bytes / 1_000_000.0);
  }

  private static String when(OffsetDateTime t) {
    return t == null ? "an unknown time" : WHEN.format(t.withOffsetSameInstant(ZoneOffset.UTC));
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
