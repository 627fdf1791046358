package org.postroom.delivery;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.inject.Inject;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.postroom.account.AccountFixtures;
import org.postroom.account.Role;
import org.postroom.core.DeliveryException;
import org.postroom.core.EmailAddress;
import org.postroom.core.RawMessage;
import org.postroom.db.Database;
import org.postroom.db.Sql;
import org.postroom.health.DatabaseReadiness;
import org.postroom.mailbox.Folder;
import org.postroom.mailbox.FolderRole;
import org.postroom.mailbox.MailStore;
import org.postroom.mailbox.MailboxFixtures;
import org.postroom.runtime.ServerSettings;

/**
 * Local delivery inside the real container (Payara Micro, the war as built, its pool and H2 file):
 * aliases, catch-all, postmaster, quotas and atomicity.
 */
@ExtendWith(ArquillianExtension.class)
class DeliveryArquillianIT {
  @Deployment
  static WebArchive deployment() {
    return ShrinkWrap.createFromZipFile(
            WebArchive.class, new File(System.getProperty("postroom.war", "target/postroom.war")))
        .addClasses(DeliveryArquillianIT.class, AccountFixtures.class, MailboxFixtures.class);
  }

  @Inject LocalDelivery local;
  @Inject Database db;
  @Inject @org.eclipse.microprofile.health.Readiness DatabaseReadiness readiness;

  @Inject MailStore store;
  @Inject ServerSettings settings;

  private static String unique(String local) {
    return local + "-" + UUID.randomUUID().toString().substring(0, 8) + "@arq.test";
  }

  private long account(String address, long quota) {
    return db.transaction(c -> MailboxFixtures.account(c, address, "", Role.USER, quota));
  }

  private static RawMessage message(String subject) {
    return RawMessage.of(
        ("From: sender@remote.test\r\nTo: x@arq.test\r\nSubject: "
                + subject
                + "\r\nMessage-ID: <"
                + subject
                + "@remote.test>\r\n\r\nHello.\r\n")
            .getBytes(StandardCharsets.US_ASCII));
  }

  private int inboxCount(long accountId) {
    return db.read(c -> MailboxFixtures.folderRow(c, accountId, FolderRole.INBOX)).totalCount();
  }

  @Test
  void anAliasAndADirectAddressOfTheSameAccountGiveOneCopyAndTheBytesAreStoredOnce() {
    String ann = unique("ann");
    String ben = unique("ben");
    String team = unique("team");
    long annId = account(ann, 0);
    long benId = account(ben, 0);
    db.run(
        c -> {
          AccountFixtures.alias(c, team, List.of(annId, benId));
        });
    LocalDelivery.Receipt r =
        local.deliver(
            new Envelope(
                "sender@remote.test", List.of(EmailAddress.of(team), EmailAddress.of(ann))),
            message("alias-" + annId));
    assertEquals(2, r.messageIds().size());
    assertEquals(1, inboxCount(annId));
    assertEquals(1, inboxCount(benId));
    long blobs =
        db.read(
            c ->
                Sql.count(
                    c,
                    "select count(distinct blob_id) from message where id in (?, ?)",
                    r.messageIds().get(0),
                    r.messageIds().get(1)));
    assertEquals(1, blobs);
    byte[] stored =
        db.read(c -> store.content(c, annId, r.messageIds().get(annId < benId ? 0 : 1)))
            .orElseThrow();
    assertTrue(
        new String(stored, StandardCharsets.US_ASCII)
            .startsWith("Return-Path: <sender@remote.test>\r\n"));
  }

  @Test
  void unknownAddressesAreRefusedUnlessACatchAllIsSet() {
    String who = unique("nobody");
    DeliveryException e =
        assertThrows(
            DeliveryException.class,
            () ->
                local.deliver(
                    new Envelope("s@remote.test", List.of(EmailAddress.of(who))),
                    message("unknown")));
    assertEquals(550, e.status().code());
    String catcher = unique("catcher");
    long catcherId = account(catcher, 0);
    db.run(c -> settings.store(c, "postroom.catchall", catcher));
    try {
      local.deliver(
          new Envelope("s@remote.test", List.of(EmailAddress.of(who))), message("caught"));
      assertEquals(1, inboxCount(catcherId));
    } finally {
      db.run(c -> settings.forget(c, "postroom.catchall"));
    }
  }

  @Test
  void postmasterAndAbuseAlwaysReachThePostmaster() {
    long pm = db.read(c -> AccountFixtures.find(c, "postmaster@arq.test")).orElseThrow().id();
    int before = inboxCount(pm);
    local.deliver(
        new Envelope(
            "", List.of(EmailAddress.of("POSTMASTER@arq.test"), EmailAddress.of("abuse@arq.test"))),
        message("pm-" + UUID.randomUUID()));
    assertEquals(before + 1, inboxCount(pm));
  }

  @Test
  void aFullMailboxRefusesTheWholeMessageTemporarilyAndStoresNothing() {
    String roomy = unique("roomy");
    String full = unique("full");
    long roomyId = account(roomy, 0);
    long fullId = account(full, 100);
    DeliveryException e =
        assertThrows(
            DeliveryException.class,
            () ->
                local.deliver(
                    new Envelope(
                        "s@remote.test", List.of(EmailAddress.of(roomy), EmailAddress.of(full))),
                    message("quota")));
    assertEquals(452, e.status().code());
    assertEquals("4.2.2", e.status().enhanced());
    assertEquals(0, inboxCount(roomyId));
    assertEquals(0, inboxCount(fullId));
    assertEquals(0L, db.read(c -> AccountFixtures.find(c, roomyId)).orElseThrow().usedBytes());
  }

  @Test
  void countersAndUsedBytesFollowDeliveries() {
    String dot = unique("dot");
    long id = account(dot, 0);
    RawMessage m = message("count");
    local.deliver(new Envelope("s@remote.test", List.of(EmailAddress.of(dot))), m);
    local.deliver(new Envelope("s@remote.test", List.of(EmailAddress.of(dot))), m);
    Folder inbox = db.read(c -> MailboxFixtures.folderRow(c, id, FolderRole.INBOX));
    assertEquals(2, inbox.totalCount());
    assertEquals(2, inbox.unreadCount());
    long used = db.read(c -> AccountFixtures.find(c, id)).orElseThrow().usedBytes();
    assertEquals(2 * (m.size() + "Return-Path: <s@remote.test>\r\n".length()), used);
  }

  @Test
  void readinessIsUpWhileTheDatabaseAnswers() {
    assertEquals(
        org.eclipse.microprofile.health.HealthCheckResponse.Status.UP,
        readiness.call().getStatus());
  }
}
