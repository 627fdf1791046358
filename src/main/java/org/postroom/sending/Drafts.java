package org.postroom.sending;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.postroom.account.Account;
import org.postroom.account.AccountService;
import org.postroom.config.Setting;
import org.postroom.core.ConflictException;
import org.postroom.core.EmailAddress;
import org.postroom.core.NotFoundException;
import org.postroom.core.RawMessage;
import org.postroom.core.ValidationException;
import org.postroom.db.DataAccessException;
import org.postroom.db.Database;
import org.postroom.db.Sql;
import org.postroom.mailbox.FolderRole;
import org.postroom.mailbox.MailStore;
import org.postroom.mailbox.MessageFlags;
import org.postroom.mime.MailPart;
import org.postroom.mime.MimeReader;
import org.postroom.mime.ReadMessage;
import org.postroom.runtime.ServerSettings;

/**
 * The compose window of the signed-in user (every method takes their account id): a new message, a
 * reply or a forward to start from, and the draft it is saved as. Drafts are saved under the
 * window's key, so however often and from however many requests a window saves, there is one draft
 * and one copy of it in Drafts.
 */
@ApplicationScoped
public class Drafts {
  static final int MAX_BODY_CHARS = 1_000_000;
  static final int MAX_FIELD = 8000;
  private static final Pattern KEY = Pattern.compile("[A-Za-z0-9-]{8,64}");
  private static final SecureRandom RANDOM = new SecureRandom();

  private final OutgoingRepository outgoing = new OutgoingRepository();

  @Inject Database db;
  @Inject ServerSettings settings;
  @Inject AccountService accounts;
  @Inject MailStore store;
  @Inject MessageAssembly assembly;
  @Inject SendingSettingsService sendingSettings;

  /** A file chosen in the compose page. */
  public record Upload(String fileName, String contentType, byte[] content) {}

  // ---- starting a message

  /** The user's own addresses (account first, then aliases): what From may be. */
  public List<EmailAddress> identities(long accountId) {
    return db.read(c -> accounts.identities(c, accountId));
  }

  public String displayName(long accountId) {
    return accounts.byId(accountId).map(Account::displayName).orElse("");
  }

  public Composition fresh(long accountId) {
    return Replies.fresh(identities(accountId), signature(accountId));
  }

  public Composition reply(long accountId, long messageId, boolean all, QuoteStyle style) {
    return Replies.reply(
        original(accountId, messageId),
        messageId,
        all,
        identities(accountId),
        signature(accountId),
        style);
  }

  public Composition forward(
      long accountId, long messageId, boolean asAttachment, QuoteStyle style) {
    return Replies.forward(
        original(accountId, messageId),
        messageId,
        asAttachment,
        identities(accountId),
        signature(accountId),
        style);
  }

  private String signature(long accountId) {
    return sendingSettings.settings(accountId).signature();
  }

  private ReadMessage original(long accountId, long messageId) {
    byte[] raw =
        db.read(c -> store.content(c, accountId, messageId))
            .orElseThrow(() -> new NotFoundException("No such message."));
    return MimeReader.read(raw);
  }

  /** What a forward carries from its original (names to show on the compose page). */
  public List<String> carried(long accountId, Composition m) {
    if (m.origin() == null || !m.origin().isForward() || m.originId() == null) {
      return List.of();
    }
    if (m.origin() == Composition.Origin.FORWARD_ATTACHMENT) {
      return db.read(c -> store.find(c, accountId, m.originId()))
          .map(o -> List.of(MessageAssembly.forwardedName(o.summary().subject())))
          .orElse(List.of());
    }
    Optional<byte[]> raw = db.read(c -> store.content(c, accountId, m.originId()));
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
    refreshCopy(c, accountId, id);
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
            refreshCopy(c, accountId, o.id());
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
          removeCopy(c, accountId, o);
          outgoing.delete(c, o.id());
        });
  }

  // ---- the copy in Drafts

  /** Replaces the draft's copy in Drafts with the draft as it stands now. */
  void refreshCopy(Connection c, long accountId, long id) throws SQLException {
    Outgoing o = outgoing.find(c, accountId, id).orElseThrow();
    removeCopy(c, accountId, o);
    byte[] bytes = assembly.draftCopy(c, o, Sql.now());
    long copy =
        store.file(c, accountId, FolderRole.DRAFTS, RawMessage.of(bytes), MessageFlags.DRAFT);
    outgoing.setDraftMessage(c, id, copy);
  }

  void removeCopy(Connection c, long accountId, Outgoing o) throws SQLException {
    if (o.draftMessageId() != null) {
      store.deleteForever(c, accountId, List.of(o.draftMessageId()));
      outgoing.setDraftMessage(c, o.id(), null);
    }
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
}
