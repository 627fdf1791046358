package org.postroom.contacts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postroom.account.AccountService;
import org.postroom.account.Quota;
import org.postroom.core.ConflictException;
import org.postroom.core.NotFoundException;
import org.postroom.core.RawMessage;
import org.postroom.core.ValidationException;
import org.postroom.db.Database;
import org.postroom.mailbox.FolderRole;
import org.postroom.mailbox.MailStore;
import org.postroom.mailbox.MailboxFixtures;
import org.postroom.mailbox.MessageFlags;

/**
 * The address book on a real database: one address once per account, collected versus own contacts,
 * import reports, suggestions and their scoping. Runs on H2 and PostgreSQL.
 */
abstract class ContactStoreContract {
  private final MailStore store = new MailStore(new Quota());

  Database db;
  ContactService contacts;
  long alice;
  long bob;

  abstract Database freshDatabase();

  @BeforeEach
  void setUp() {
    db = freshDatabase();
    contacts = newService();
    alice = newAccount("alice@example.test", "Alice Local");
    bob = newAccount("bob@example.test", "Bob Local");
  }

  ContactService newService() {
    ContactService s = new ContactService();
    s.db = db;
    s.store = store;
    s.accounts = new AccountService();
    return s;
  }

  long newAccount(String address, String name) {
    return db.transaction(c -> MailboxFixtures.account(c, address, name));
  }

  void store(long accountId, FolderRole role, String headers) {
    byte[] raw = (headers + "\r\nSubject: x\r\n\r\nbody\r\n").getBytes(StandardCharsets.UTF_8);
    db.run(c -> store.file(c, accountId, role, RawMessage.of(raw), MessageFlags.NONE));
  }

  @Test
  void aContactNeedsAValidAddressAndAnAddressIsKeptOnce() {
    assertThatThrownBy(() -> contacts.add(alice, "Zed\nInjected", "not-an-address", ""))
        .isInstanceOfSatisfying(
            ValidationException.class,
            e -> assertThat(e.fieldErrors()).containsOnlyKeys("name", "address"));
    Contact zed = contacts.add(alice, " Zed ", "Zed@Example.org", "friend");
    assertThat(zed.name()).isEqualTo("Zed");
    assertThat(zed.origin()).isEqualTo(Contact.Origin.OWN);
    assertThatThrownBy(() -> contacts.add(alice, "Other", "zed@example.org", ""))
        .isInstanceOfSatisfying(
            ConflictException.class, e -> assertThat(e.field()).isEqualTo("address"));
    // another account keeps its own book
    contacts.add(bob, "Zed for Bob", "zed@example.org", "");
    assertThat(contacts.list(alice, null)).extracting(Contact::name).containsExactly("Zed");
  }

  @Test
  void searchIgnoresCaseAndAccentsInNamesAddressesAndNotes() {
    contacts.add(alice, "José Müller", "jose@example.org", "Straße 5, Łódź");
    contacts.add(alice, "Zoë", "zoe@example.org", "");
    contacts.add(alice, "Bob", "bob@example.org", "");
    assertThat(contacts.list(alice, "jose muller")).hasSize(1);
    assertThat(contacts.list(alice, "MULLER"))
        .extracting(Contact::name)
        .containsExactly("José Müller");
    assertThat(contacts.list(alice, "josé"))
        .extracting(Contact::name)
        .containsExactly("José Müller");
    assertThat(contacts.list(alice, "strasse")).hasSize(1);
    assertThat(contacts.list(alice, "lodz")).hasSize(1);
    assertThat(contacts.list(alice, "zoe")).extracting(Contact::name).containsExactly("Zoë");
    assertThat(contacts.list(alice, "%")).isEmpty(); // the user's % is a percent sign
    // a collected contact that later gets its name is found by it
    contacts.collect(alice, List.of("renee@example.org"));
    contacts.collect(alice, List.of("Renée Faure <renee@example.org>"));
    assertThat(contacts.list(alice, "renee faure"))
        .extracting(Contact::name)
        .containsExactly("Renée Faure");
  }

  @Test
  void anotherAccountsContactIsNotFound() {
    Contact zed = contacts.add(alice, "Zed", "zed@example.org", "");
    assertThatThrownBy(() -> contacts.find(bob, zed.id())).isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> contacts.update(bob, zed.id(), "Mine", "zed@example.org", ""))
        .isInstanceOf(NotFoundException.class);
    assertThatThrownBy(() -> contacts.delete(bob, zed.id())).isInstanceOf(NotFoundException.class);
    assertThat(contacts.find(alice, zed.id()).name()).isEqualTo("Zed");
  }

  @Test
  void sentMailIsCollectedOnceAndNeverRenamesTheUsersOwnContacts() {
    contacts.add(alice, "Carol Mine", "carol@example.org", "");
    int added =
        contacts.collect(
            alice,
            List.of("Dave Remote <dave@remote.test>", "carol@example.org", "DAVE@remote.test, x@"));
    assertThat(added).isEqualTo(1);
    contacts.collect(alice, List.of("\"Carol Other\" <Carol@Example.org>"));
    List<Contact> all = contacts.list(alice, null);
    assertThat(all)
        .extracting(Contact::address)
        .containsExactly("carol@example.org", "dave@remote.test");
    Contact dave = all.get(1);
    assertThat(dave.origin()).isEqualTo(Contact.Origin.COLLECTED);
    assertThat(dave.name()).isEqualTo("Dave Remote");
    assertThat(dave.useCount()).isEqualTo(2);
    assertThat(all.get(0).name()).isEqualTo("Carol Mine");
    // adding a collected address makes it the user's own, with the user's name
    Contact mine = contacts.add(alice, "Dave Friend", "dave@remote.test", "");
    assertThat(mine.id()).isEqualTo(dave.id());
    assertThat(mine.origin()).isEqualTo(Contact.Origin.OWN);
    assertThat(contacts.count(alice)).isEqualTo(2);
  }

  @Test
  void anImportCountsWhatItAddedAndSaysWhyTheRestWasSkipped() throws IOException {
    contacts.collect(alice, List.of("ana@work.example.com"));
    ImportReport first = contacts.importVCards(alice, VCardTest.sample("google.vcf"));
    assertThat(first.imported()).isEqualTo(2);
    assertThat(first.updated()).isEqualTo(1);
    assertThat(first.skipped())
        .containsExactly(
            new ImportReport.Skipped("Card 2 (Phone Only)", "it has no email address"));
    assertThat(contacts.list(alice, "ana"))
        .allSatisfy(
            c -> {
              assertThat(c.name()).isEqualTo("Ana María Núñez");
              assertThat(c.origin()).isEqualTo(Contact.Origin.OWN);
            })
        .hasSize(3);
    ImportReport again = contacts.importVCards(alice, VCardTest.sample("google.vcf"));
    assertThat(again.imported()).isZero();
    assertThat(again.skipped()).hasSize(4);
    assertThat(again.skipped().get(0).reason()).isEqualTo("already in your contacts");
    ImportReport bad =
        contacts.importVCards(
            alice,
            "BEGIN:VCARD\nFN:Bad\nEMAIL:bad address\nEND:VCARD\n".getBytes(StandardCharsets.UTF_8));
    assertThat(bad.skipped())
        .containsExactly(
            new ImportReport.Skipped(
                "Card 1 (Bad, bad address)", "'bad address' is not a valid address"));
    assertThat(contacts.importVCards(alice, new byte[] {1, 2, 3}).summary())
        .isEqualTo("0 contacts imported, 1 skipped.");
  }

  @Test
  void theExportReadsBackAsTheSameBook() throws IOException {
    contacts.importVCards(alice, VCardTest.sample("apple.vcf"));
    contacts.add(alice, "", "noname@example.org", "a; note, with\nmarks");
    List<Contact> before = contacts.list(alice, null);
    VCard.Parsed back = VCard.parse(contacts.exportVCards(alice).getBytes(StandardCharsets.UTF_8));
    assertThat(back.problems()).isEmpty();
    assertThat(back.cards()).hasSize(before.size());
    ContactService fresh = newService();
    fresh.importVCards(bob, contacts.exportVCards(alice).getBytes(StandardCharsets.UTF_8));
    assertThat(fresh.list(bob, null))
        .extracting(c -> c.name() + "|" + c.address() + "|" + c.note())
        .containsExactlyElementsOf(
            before.stream().map(c -> c.name() + "|" + c.address() + "|" + c.note()).toList());
  }

  @Test
  void suggestionsComeFromContactsLocalUsersAndTheUsersOwnMailOnly() {
    contacts.add(alice, "Quentin Contact", "quentin@remote.test", "");
    contacts.collect(alice, List.of("quiet.collected@remote.test"));
    newAccount("quincy@example.test", "Quincy Local");
    store(
        alice,
        FolderRole.INBOX,
        "From: Quark Sender <quark@elsewhere.test>\r\nTo: alice@example.test");
    store(
        alice,
        FolderRole.SENT,
        "From: alice@example.test\r\nTo: \"Quinn, Sent\" <quinn@far.test>, other@far.test");
    store(bob, FolderRole.INBOX, "From: Quasi Bobs <quasi@bob.test>\r\nTo: bob@example.test");

    List<Suggestion> forAlice = contacts.suggest(alice, "Qu");
    assertThat(forAlice)
        .extracting(s -> s.kind() + ":" + s.address())
        .containsExactly(
            "contact:quentin@remote.test",
            "collected:quiet.collected@remote.test",
            "local:quincy@example.test",
            "correspondent:quark@elsewhere.test",
            "correspondent:quinn@far.test");
    assertThat(forAlice.get(4).name()).isEqualTo("Quinn, Sent");
    List<Suggestion> forBob = contacts.suggest(bob, "qu");
    assertThat(forBob)
        .extracting(Suggestion::address)
        .containsExactly("quincy@example.test", "quasi@bob.test");
    // the user's % and _ are letters, not wildcards
    assertThat(contacts.suggest(alice, "%")).isEmpty();
    assertThat(contacts.suggest(alice, "q_")).isEmpty();
    assertThat(contacts.suggest(alice, " ")).isEmpty();
  }
}
