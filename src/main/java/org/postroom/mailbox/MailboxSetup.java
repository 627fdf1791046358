package org.postroom.mailbox;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.sql.SQLException;
import org.postroom.account.AccountEvents;

/**
 * An account's mailbox comes and goes with the account, in the same transaction: the standard
 * folders when it is created, every message (and with the last copy its bytes) when it is deleted.
 */
@ApplicationScoped
public class MailboxSetup {
  private final FolderRepository folders = new FolderRepository();
  private final MessageRepository messages = new MessageRepository();
  private final ChangeRepository changes = new ChangeRepository();

  void created(@Observes AccountEvents.Created e) throws SQLException {
    folders.createStandardFolders(e.connection(), e.accountId());
    changes.create(e.connection(), e.accountId());
  }

  void deleting(@Observes AccountEvents.Deleting e) throws SQLException {
    messages.deleteAllOf(e.connection(), e.accountId());
  }
}
