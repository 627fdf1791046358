package org.postroom.contacts;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.postroom.account.AccountService;
import org.postroom.core.ConflictException;
import org.postroom.core.EmailAddress;
import org.postroom.core.NotFoundException;
import org.postroom.core.ValidationException;
import org.postroom.db.Database;
import org.postroom.db.Sql;
import org.postroom.mailbox.MailStore;
import org.postroom.mime.MailAddress;

/**
 * A user's address book: contacts the user keeps, contacts collected from sent mail, vCard import
 * and export, and the addresses offered while typing a recipient. Every method takes the signed-in
 * account's id; another account's contact is "not found". An address is in a book at most once.
 */
@ApplicationScoped
public class ContactService {
  public static final int MAX_NOTE = 2000;
  public static final int LIST_LIMIT = 500;
  public static final int MAX_SUGGESTIONS = 10;

  private final ContactRepository contacts = new ContactRepository();

  @Inject Database db;
  @Inject MailStore store;
  @Inject AccountService accounts;

  public List<Contact> list(long accountId, String query) {
    return db.read(c -> contacts.list(c, accountId, query, LIST_LIMIT));
  }

  public long count(long accountId) {
    return db.read(c -> contacts.count(c, accountId));
  }

  public Contact find(long accountId, long id) {
    return db.read(c -> contacts.find(c, accountId, id)).orElseThrow(ContactService::notFound);
  }

  /**
   * Adds a contact; an address Postroom collected before becomes the user's own with this name and
   * note.
   */
  public Contact add(long accountId, String name, String address, String note) {
    Input in = validate(name, address, note);
    return db.transaction(
        c -> {
          OffsetDateTime now = Sql.now();
          var existing = contacts.findByAddress(c, accountId, in.address);
          long id;
          if (existing.isPresent() && !existing.get().isCollected()) {
            throw new ConflictException(
                "address",
                in.address + " is already in your contacts (" + existing.get().full() + ").");
          } else if (existing.isPresent()) {
            id = existing.get().id();
            contacts.update(
                c, accountId, id, in.name, in.address, in.note, Contact.Origin.OWN, now);
          } else {
            id =
                contacts.insert(
                    c, accountId, in.name, in.address, in.note, Contact.Origin.OWN, now);
          }
          return contacts.find(c, accountId, id).orElseThrow();
        });
  }

  /** Changes a contact; once edited, a collected contact is the user's own. */
  public Contact update(long accountId, long id, String name, String address, String note) {
    Input in = validate(name, address, note);
    return db.transaction(
        c -> {
          contacts.find(c, accountId, id).orElseThrow(ContactService::notFound);
          var clash = contacts.findByAddress(c, accountId, in.address);
          if (clash.isPresent() && clash.get().id() != id) {
            throw new ConflictException(
                "address", "Another contact has this address (" + clash.get().full() + ").");
          }
          contacts.update(
              c, accountId, id, in.name, in.address, in.note, Contact.Origin.OWN, Sql.now());
          return contacts.find(c, accountId, id).orElseThrow();
        });
  }

  public void delete(long accountId, long id) {
    db.run(
        c -> {
          if (!contacts.delete(c, accountId, id)) {
            throw notFound();
          }
        });
  }

  /**
   * Remembers the recipients of a message the user sent ("Name <a@b>" or bare addresses): new
   * addresses become collected contacts, known ones count one more use. Unreadable ones are left
   * out; the user's own contacts keep their names.
   */
  public int collect(long accountId, List<String> recipients) {
    return db.transaction(
        c -> {
          int added = 0;
          OffsetDateTime now = Sql.now();
          for (String r : recipients) {
            for (MailAddress a : Correspondents.parse(r)) {
              var address = EmailAddress.parse(a.address());
              String name = cleanName(a.name());
              if (address.isEmpty()) {
                continue;
              }
              String addr = address.get().toString();
              var existing = contacts.findByAddress(c, accountId, addr);
              if (existing.isPresent()) {
                contacts.used(c, accountId, existing.get().id(), name, now);
              } else {
                contacts.insert(c, accountId, name, addr, "", Contact.Origin.COLLECTED, now);
                added++;
              }
            }
          }
          return added;
        });
  }

  /**
   * Imports the cards of a vCard file: one contact per address (a card with two addresses gives two
   * contacts with the same name). Addresses already kept are skipped, collected ones become the
   * user's own; every card or address left out is reported with the reason.
   */
  public ImportReport importVCards(long accountId, byte[] file) {
    VCard.Parsed parsed = VCard.parse(file);
    List<ImportReport.Skipped> skipped = new ArrayList<>();
    for (VCard.Problem p : parsed.problems()) {
      skipped.add(new ImportReport.Skipped(who(p.card(), p.who(), ""), p.reason()));
    }
    int[] counts = new int[2];
    db.run(
        c -> {
          OffsetDateTime now = Sql.now();
          int number = 0;
          for (VCard.Card card : parsed.cards()) {
            number++;
            if (card.emails().isEmpty()) {
              skipped.add(
                  new ImportReport.Skipped(
                      who(number, card.name(), ""), "it has no email address"));
              continue;
            }
            for (String email : card.emails()) {
              importOne(c, accountId, number, card, email, now, skipped, counts);
            }
          }
        });
    return new ImportReport(counts[0], counts[1], skipped);
  }

  private void importOne(
      Connection c,
      long accountId,
      int number,
      VCard.Card card,
      String email,
      OffsetDateTime now,
      List<ImportReport.Skipped> skipped,
      int[] counts)
      throws SQLException {
    String who = who(number, card.name(), email);
    EmailAddress address;
    try {
      address = EmailAddress.of(email);
    } catch (IllegalArgumentException e) {
      skipped.add(new ImportReport.Skipped(who, "'" + email + "' is not a valid address"));
      return;
    }
    String addr = address.toString();
    String name = cleanName(card.name().equalsIgnoreCase(addr) ? "" : card.name());
    String note =
        card.note().length() > MAX_NOTE ? card.note().substring(0, MAX_NOTE) : card.note();
    var existing = contacts.findByAddress(c, accountId, addr);
    if (existing.isPresent() && !existing.get().isCollected()) {
      skipped.add(new ImportReport.Skipped(who, "already in your contacts"));
    } else if (existing.isPresent()) {
      contacts.update(c, accountId, existing.get().id(), name, addr, note, Contact.Origin.OWN, now);
      counts[1]++;
    } else {
      contacts.insert(c, accountId, name, addr, note, Contact.Origin.OWN, now);
      counts[0]++;
    }
  }

  /** The whole address book as a vCard 3.0 file, one card per contact. */
  public String exportVCards(long accountId) {
    List<VCard.Card> cards = new ArrayList<>();
    for (Contact ct : db.read(c -> contacts.all(c, accountId))) {
      cards.add(new VCard.Card(ct.name(), List.of(ct.address()), ct.note()));
    }
    return VCard.write(cards);
  }

  /**
   * Addresses whose name or address contains the text, for a recipient field: the user's contacts
   * first, then the domain's users, then everyone in the user's mail; each address once.
   */
  public List<Suggestion> suggest(long accountId, String text) {
    if (text == null || text.isBlank() || text.length() > 200) {
      return List.of();
    }
    return db.read(
        c -> {
          Correspondents correspondents = new Correspondents(store, accounts);
          Map<String, Suggestion> out = new LinkedHashMap<>();
          for (Contact ct : contacts.matching(c, accountId, text, MAX_SUGGESTIONS)) {
            add(out, ct.name(), ct.address(), ct.isCollected() ? "collected" : "contact");
          }
          for (MailAddress a : correspondents.localUsers(c, text, MAX_SUGGESTIONS)) {
            add(out, a.name(), a.address(), "local");
          }
          String needle = text.strip().toLowerCase(Locale.ROOT);
          List<MailAddress> seen = new ArrayList<>(correspondents.senders(c, accountId, text));
          seen.addAll(correspondents.recipients(c, accountId, text));
          for (MailAddress a : seen) {
            if (a.address().toLowerCase(Locale.ROOT).contains(needle)
                || a.name().toLowerCase(Locale.ROOT).contains(needle)) {
              add(out, a.name(), a.address(), "correspondent");
            }
          }
          return out.values().stream().limit(MAX_SUGGESTIONS).toList();
        });
  }

  private static void add(Map<String, Suggestion> out, String name, String address, String kind) {
    var parsed = EmailAddress.parse(address);
    if (parsed.isPresent()) {
      out.putIfAbsent(
          parsed.get().canonical(), new Suggestion(cleanName(name), parsed.get().toString(), kind));
    }
  }

  private record Input(String name, String address, String note) {}

  private static Input validate(String name, String address, String note) {
    var errors = new ValidationException.Collector();
    String n = name == null ? "" : name.strip();
    String problem = AccountService.displayNameProblem(n);
    if (problem != null) {
      errors.add("name", problem);
    }
    String addr = null;
    try {
      addr = EmailAddress.of(address).toString();
    } catch (IllegalArgumentException e) {
      errors.add("address", e.getMessage());
    }
    String nt = note == null ? "" : note.strip();
    if (nt.length() > MAX_NOTE) {
      errors.add("note", "Use at most " + MAX_NOTE + " characters.");
    }
    errors.throwIfAny();
    return new Input(n, addr, nt);
  }

  /** A name from a header or a card, made safe to keep: control characters out, 200 at most. */
  static String cleanName(String name) {
    if (name == null) {
      return "";
    }
    String n = name.replaceAll("\\p{Cntrl}", " ").strip();
    return n.length() > 200 ? n.substring(0, 200) : n;
  }

  private static String who(int card, String name, String email) {
    String label = !name.isBlank() ? name : email;
    String prefix = card > 0 ? "Card " + card : "File";
    return label.isBlank()
        ? prefix
        : prefix
            + " ("
            + label
            + (email.isBlank() || label.equals(email) ? "" : ", " + email)
            + ")";
  }

  private static NotFoundException notFound() {
    return new NotFoundException("No such contact.");
  }
}
