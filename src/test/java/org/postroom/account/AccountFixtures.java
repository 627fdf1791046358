package org.postroom.account;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.postroom.core.EmailAddress;

/**
 * Account rows for tests of other packages, written straight through the account package's own
 * repositories (no CDI, no password hashing): what a test needs before its own subject runs.
 */
public final class AccountFixtures {
  private static final AccountRepository ACCOUNTS = new AccountRepository();
  private static final AliasRepository ALIASES = new AliasRepository();

  private AccountFixtures() {}

  /** A user with no quota; returns its id. Its folders are the mailbox's business. */
  public static long insert(Connection c, String address, String displayName) throws SQLException {
    return insert(c, address, displayName, Role.USER, 0);
  }

  public static long insert(
      Connection c, String address, String displayName, Role role, long quotaBytes)
      throws SQLException {
    return ACCOUNTS.insert(c, EmailAddress.of(address), displayName, "hash", role, quotaBytes);
  }

  public static Optional<Account> find(Connection c, long id) throws SQLException {
    return ACCOUNTS.find(c, id);
  }

  public static Optional<Account> find(Connection c, String address) throws SQLException {
    return ACCOUNTS.find(c, EmailAddress.of(address));
  }

  /** An alias delivering to the accounts; returns its id. */
  public static long alias(Connection c, String address, List<Long> targets) throws SQLException {
    long id = ALIASES.insert(c, EmailAddress.of(address));
    ALIASES.replaceTargets(c, id, targets);
    return id;
  }

  public static Optional<Alias> findAlias(Connection c, String address) throws SQLException {
    return ALIASES.find(c, EmailAddress.of(address));
  }

  /** Deletes the account row (its mail must be gone first, as {@code AccountEvents} do). */
  public static void delete(Connection c, long id) throws SQLException {
    ACCOUNTS.delete(c, id);
  }
}
