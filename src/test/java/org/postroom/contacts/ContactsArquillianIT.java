package org.postroom.contacts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import java.io.File;
import java.util.List;
import java.util.UUID;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.postroom.account.AccountFixtures;
import org.postroom.db.Database;
import org.postroom.delivery.MessageSent;
import org.postroom.mailbox.MailboxFixtures;

/**
 * The address book's side of the {@link MessageSent} event inside the real container (the war as
 * built): recipients become collected contacts once, and only when the send committed.
 */
@ExtendWith(ArquillianExtension.class)
class ContactsArquillianIT {
  @Deployment
  static WebArchive deployment() {
    return ShrinkWrap.createFromZipFile(
            WebArchive.class, new File(System.getProperty("postroom.war", "target/postroom.war")))
        .addClasses(ContactsArquillianIT.class, AccountFixtures.class, MailboxFixtures.class);
  }

  @Inject Event<MessageSent> sent;
  @Inject ContactService contacts;
  @Inject Database db;

  private long account() {
    String address = "sender-" + UUID.randomUUID().toString().substring(0, 8) + "@arq.test";
    return db.transaction(c -> MailboxFixtures.account(c, address, ""));
  }

  @Test
  void theRecipientsOfASentMessageBecomeCollectedContactsOnce() {
    long me = account();
    sent.fire(new MessageSent(me, List.of("Dora Remote <dora@remote.test>", "eve@remote.test")));
    sent.fire(new MessageSent(me, List.of("DORA@remote.test")));
    List<Contact> book = contacts.list(me, null);
    assertEquals(
        List.of("eve@remote.test", "dora@remote.test"),
        book.stream().map(Contact::address).toList());
    Contact dora = book.get(1);
    assertEquals("Dora Remote", dora.name());
    assertEquals(Contact.Origin.COLLECTED, dora.origin());
    assertEquals(2, dora.useCount());
  }

  @Test
  void nothingIsCollectedWhenTheSendIsRolledBack() {
    long me = account();
    assertThrows(
        IllegalStateException.class,
        () ->
            db.run(
                c -> {
                  sent.fire(new MessageSent(me, List.of("ghost@remote.test")));
                  throw new IllegalStateException("the send failed");
                }));
    assertEquals(0, contacts.count(me));
    db.run(c -> sent.fire(new MessageSent(me, List.of("real@remote.test"))));
    assertEquals(1, contacts.count(me));
  }
}
