package org.postroom.mailbox;

import java.sql.Connection;
import java.sql.SQLException;
import org.postroom.account.AccountEvents;
import org.postroom.account.AccountFixtures;
import org.postroom.account.Role;
import org.postroom.db.Database;

/**
 * An account with its standard folders, for tests of other packages, set up the way account
 * creation does it in the container (the account row, then {@link MailboxSetup} on the event).
 */
public final class MailboxFixtures {
  private MailboxFixtures() {}

  public static long account(Connection c, String address, String displayName) throws SQLException {
    return account(c, address, displayName, Role.USER, 0);
  }

  public static long account(
      Connection c, String address, String displayName, Role role, long quotaBytes)
      throws SQLException {
    long id = AccountFixtures.insert(c, address, displayName, role, quotaBytes);
    new MailboxSetup().created(new AccountEvents.Created(c, id));
    return id;
  }

  public static long account(Database db, String address) {
    return db.transaction(c -> account(c, address, "Name"));
  }

  /** The id of one of the account's standard folders. */
  public static long folder(Connection c, long accountId, FolderRole role) throws SQLException {
    return new FolderRepository().find(c, accountId, role).orElseThrow().id();
  }

  /** One of the account's standard folders, with its counters. */
  public static Folder folderRow(Connection c, long accountId, FolderRole role)
      throws SQLException {
    return new FolderRepository().find(c, accountId, role).orElseThrow();
  }

  /** Deletes an account as the admin does: its mail first (the event), then the row. */
  public static void deleteAccount(Connection c, long accountId) throws SQLException {
    new MailboxSetup().deleting(new AccountEvents.Deleting(c, accountId));
    AccountFixtures.delete(c, accountId);
  }
}
