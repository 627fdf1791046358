package org.postroom.sending;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.mail.internet.InternetAddress;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.postroom.account.Account;
import org.postroom.account.AccountService;
import org.postroom.account.RecipientResolver;
import org.postroom.config.Setting;
import org.postroom.core.EmailAddress;
import org.postroom.core.NotFoundException;
import org.postroom.core.ValidationException;
import org.postroom.mailbox.MailStore;
import org.postroom.mailbox.StoredMessage;
import org.postroom.mime.MailPart;
import org.postroom.mime.MimeReader;
import org.postroom.mime.ReadMessage;
import org.postroom.runtime.ServerSettings;

/**
 * The message a draft stands for: its From one of the user's own addresses, its recipients parsed
 * (and, when sending, every address of our domain known), the user's Reply-To, the files, and what
 * a reply or forward takes from its original. Written once as MIME ({@link MessageBuilder}).
 */
@ApplicationScoped
public class MessageAssembly {
  static final int MAX_SUBJECT = 998;

  private final OutgoingRepository outgoing = new OutgoingRepository();

  @Inject AccountService accounts;
  @Inject RecipientResolver resolver;
  @Inject MailStore store;
  @Inject ServerSettings settings;

  /** A message ready to go: written once, with the envelope it goes out with. */
  record Ready(MessageBuilder.Built message, EmailAddress from, List<EmailAddress> recipients) {
    OutgoingRepository.Written written() {
      return new OutgoingRepository.Written(
          message.authorCopy(),
          from.toString(),
          recipients.stream().map(EmailAddress::toString).toList());
    }

    static Ready of(OutgoingRepository.Written w) {
      return new Ready(
          new MessageBuilder.Built(w.authorCopy()),
          EmailAddress.of(w.envelopeFrom()),
          w.envelopeTo().stream().map(EmailAddress::of).toList());
    }
  }

  /**
   * Checks every field and writes the message dated {@code date}.
   *
   * @throws ValidationException with a message per wrong field
   */
  Ready ready(Connection c, Outgoing o, OffsetDateTime date) throws SQLException {
    OutgoingMessage msg = assemble(c, o, true, date);
    Set<EmailAddress> rcpts = new LinkedHashSet<>();
    for (InternetAddress a : msg.recipients()) {
      rcpts.add(EmailAddress.of(a.getAddress()));
    }
    return new Ready(
        MessageBuilder.write(msg), EmailAddress.of(msg.from().getAddress()), List.copyOf(rcpts));
  }

  /** The author's copy of a draft as it stands, wrong fields left out (the copy in Drafts). */
  byte[] draftCopy(Connection c, Outgoing o, OffsetDateTime date) throws SQLException {
    return MessageBuilder.write(assemble(c, o, false, date)).authorCopy();
  }

  /**
   * The message a row stands for. {@code strict}: every field must be right (sending), else each
   * wrong field is reported; otherwise wrong fields are left out (the copy in Drafts).
   */
  OutgoingMessage assemble(Connection c, Outgoing o, boolean strict, OffsetDateTime date)
      throws SQLException {
    long me = o.accountId();
    Composition m = o.composition();
    ValidationException.Collector errors = new ValidationException.Collector();
    List<EmailAddress> mine = accounts.identities(c, me);
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
      Optional<StoredMessage> orig = store.find(c, me, m.originId());
      Optional<byte[]> raw = store.content(c, me, m.originId());
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
                                  Drafts.fileName(p.fileName()),
                                  Drafts.contentType(p.contentType()),
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
  static String forwardedName(String subject) {
    String s = subject == null || subject.isBlank() ? "message" : subject.strip();
    return Drafts.fileName(s.replaceAll("[\\\\/:*?\"<>|]", "_")) + ".eml";
  }
}
