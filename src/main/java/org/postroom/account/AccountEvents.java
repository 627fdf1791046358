package org.postroom.account;

import java.sql.Connection;

/**
 * CDI events fired inside the transaction that creates or deletes an account, so that the contexts
 * holding an account's data (its folders, its mail) set it up or take it away in the same commit,
 * without the account package knowing them. Observers must use the given connection.
 */
public final class AccountEvents {
  private AccountEvents() {}

  /** The account row exists; nothing else does yet. */
  public record Created(Connection connection, long accountId) {}

  /** The account row is about to be deleted: remove what refers to it. */
  public record Deleting(Connection connection, long accountId) {}
}
