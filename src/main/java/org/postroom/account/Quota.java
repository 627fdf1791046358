package org.postroom.account;

import jakarta.enterprise.context.ApplicationScoped;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import org.postroom.db.Sql;

/**
 * The one place an account's used bytes change: charged when a copy enters a mailbox, released when
 * one leaves it for good (the mailbox's {@code MailStore} is the only caller of both). Locking rows
 * in id order lets concurrent deliveries to the same accounts wait for each other instead of
 * deadlocking. Everything runs in the caller's transaction.
 */
@ApplicationScoped
public class Quota {
  private final AccountRepository accounts = new AccountRepository();

  /**
   * Locks the accounts' rows until the transaction ends, in id order, and returns them in that
   * order (an id without an account is left out).
   */
  public List<Account> lock(Connection c, Collection<Long> accountIds) throws SQLException {
    List<Account> out = new ArrayList<>();
    for (long id : new TreeSet<>(accountIds)) {
      accounts.lock(c, id).ifPresent(out::add);
    }
    return out;
  }

  public Optional<Account> lock(Connection c, long accountId) throws SQLException {
    return accounts.lock(c, accountId);
  }

  /** True when not even one more byte fits (what RCPT asks before a message is sent). */
  public boolean isFull(Connection c, long accountId) throws SQLException {
    return accounts.find(c, accountId).map(a -> a.wouldExceedQuota(1)).orElse(false);
  }

  /** A copy of {@code bytes} entered the account's mailbox. */
  public void charge(Connection c, long accountId, long bytes) throws SQLException {
    if (bytes != 0) {
      accounts.addUsedBytes(c, accountId, bytes);
    }
  }

  /** Copies of {@code bytes} in all left the account's mailbox for good (never below zero). */
  public void release(Connection c, long accountId, long bytes) throws SQLException {
    if (bytes > 0) {
      Sql.update(
          c,
          "update account set used_bytes = case when used_bytes > ? then used_bytes - ? else 0"
              + " end where id = ?",
          bytes,
          bytes,
          accountId);
    }
  }
}
