package org.postroom.account;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Optional;
import org.postroom.core.EmailAddress;
import org.postroom.db.Database;
import org.postroom.runtime.ServerSettings;

/**
 * Checks a sign-in (web form, API Basic, SMTP AUTH): the same answer and the same work for an
 * unknown address, a wrong password and a disabled account, and failures throttled per client
 * address and per account.
 */
@ApplicationScoped
public class SignIn {
  static final int MAX_FAILURES_PER_ADDRESS = 20;
  static final int MAX_FAILURES_PER_ACCOUNT = 10;
  public static final Duration WINDOW = Duration.ofMinutes(15);

  private final AccountRepository accounts = new AccountRepository();

  @Inject Database db;
  @Inject PasswordHashing hashing;
  @Inject FailureThrottle throttle;
  @Inject ServerSettings settings;

  /** The outcome; only {@link Outcome#OK} carries an account. */
  public enum Outcome {
    OK,
    FAILED,
    THROTTLED
  }

  public record Result(Outcome outcome, Account account) {
    public boolean ok() {
      return outcome == Outcome.OK;
    }
  }

  /**
   * @param channel names the throttle bucket family ("web", "smtp"), so each channel counts apart
   * @param client the client's IP address
   */
  public Result check(String channel, String client, String username, String password) {
    return check(channel, client, username, password, MAX_FAILURES_PER_ADDRESS, WINDOW);
  }

  /**
   * Like {@link #check(String, String, String, String)} with the channel's own cap on failures per
   * client address: SMTP AUTH allows {@code postroom.smtp.auth-max-failures} per minute, because
   * mail programs retry on their own and a guesser there is faster than in a browser.
   */
  public Result check(
      String channel,
      String client,
      String username,
      String password,
      int maxFailuresPerAddress,
      Duration addressWindow) {
    String user = normalise(username);
    String clientBucket = channel + "-ip:" + client;
    String accountBucket = "account:" + user;
    if (throttle.isBlocked(clientBucket, maxFailuresPerAddress, addressWindow)
        || throttle.isBlocked(accountBucket, MAX_FAILURES_PER_ACCOUNT, WINDOW)) {
      return new Result(Outcome.THROTTLED, null);
    }
    Optional<Account> account =
        EmailAddress.parse(user).flatMap(a -> db.read(c -> accounts.find(c, a)));
    boolean ok;
    if (account.isPresent()) {
      ok = hashing.verify(password == null ? "" : password, account.get().passwordHash());
    } else {
      hashing.burn(password == null ? "" : password);
      ok = false;
    }
    if (ok && account.get().enabled()) {
      throttle.clear(accountBucket);
      upgradeHash(account.get(), password);
      return new Result(Outcome.OK, account.get());
    }
    throttle.recordFailure(clientBucket, addressWindow);
    throttle.recordFailure(accountBucket, WINDOW);
    return new Result(Outcome.FAILED, null);
  }

  /**
   * A hash made with fewer iterations (or another scheme) is replaced now that the password is
   * known. Only if it is still the hash just verified: a password changed meanwhile stays changed.
   */
  private void upgradeHash(Account account, String password) {
    if (!PasswordHashing.needsRehash(account.passwordHash())) {
      return;
    }
    String upgraded = hashing.hash(password);
    db.run(c -> accounts.replacePasswordHash(c, account.id(), account.passwordHash(), upgraded));
  }

  /** "bob" signs in as bob@ourdomain; addresses are compared in lower case. */
  String normalise(String username) {
    String u = username == null ? "" : username.strip().toLowerCase(java.util.Locale.ROOT);
    if (!u.isEmpty() && u.indexOf('@') < 0) {
      u = u + "@" + settings.domain().orElse("invalid");
    }
    return u;
  }
}
