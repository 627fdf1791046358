package org.postroom.account;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.postroom.core.EmailAddress;
import org.postroom.core.NotFoundException;
import org.postroom.core.ValidationException;
import org.postroom.db.Database;
import org.postroom.db.Sql;

/**
 * API tokens, so that scripts need not send an account's password (and pay its 600,000-iteration
 * hash) with every request: {@code Authorization: Bearer prt_...} on {@code /api}. An admin creates
 * one for an account and sees the secret once; only its SHA-256 is stored (a 256-bit random secret
 * needs no slow hash), so a copy of the database lets nobody in. A token acts as its account with
 * that account's current role and stops working when the account is disabled, the token revoked or
 * the account deleted. Unknown tokens count as failed sign-ins of the client address, like wrong
 * passwords.
 */
@ApplicationScoped
public class ApiTokens {
  /** Every token starts so: easy to spot in a script, a log or a secret scanner. */
  public static final String PREFIX = "prt_";

  static final int MAX_NAME = 100;
  private static final int SHOWN_PREFIX = PREFIX.length() + 6;
  private static final Duration TOUCH_EVERY = Duration.ofMinutes(1);
  private static final SecureRandom RANDOM = new SecureRandom();

  private final ApiTokenRepository tokens = new ApiTokenRepository();
  private final AccountRepository accounts = new AccountRepository();

  @Inject Database db;
  @Inject AccountService accountService;
  @Inject FailureThrottle throttle;

  /** A token just made: {@code secret} is shown this once and never again. */
  public record Created(ApiToken token, String secret) {}

  /**
   * A new token for {@code account} (the admin's own when empty), named so the admin knows later
   * what uses it ("backup script").
   */
  public Created create(String name, String account, String createdBy) {
    accountService.requireAdmin();
    String n = name == null ? "" : name.strip();
    if (n.isEmpty()) {
      throw ValidationException.of("name", "Name the token after what will use it.");
    }
    if (n.length() > MAX_NAME || n.chars().anyMatch(Character::isISOControl)) {
      throw ValidationException.of("name", "Use at most " + MAX_NAME + " characters, on one line.");
    }
    String target = account == null || account.isBlank() ? createdBy : account.strip();
    Account owner =
        EmailAddress.parse(target)
            .flatMap(a -> db.read(c -> accounts.find(c, a)))
            .orElseThrow(() -> ValidationException.of("account", "No such account: " + target));
    byte[] random = new byte[32];
    RANDOM.nextBytes(random);
    String secret = PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    OffsetDateTime now = Sql.now();
    long id =
        db.transaction(
            c ->
                tokens.insert(
                    c,
                    owner.id(),
                    n,
                    hash(secret),
                    secret.substring(0, SHOWN_PREFIX),
                    createdBy,
                    now));
    return new Created(db.read(c -> tokens.find(c, id)).orElseThrow(), secret);
  }

  public List<ApiToken> list() {
    accountService.requireAdmin();
    return db.read(tokens::list);
  }

  /** Revokes the token at once: its next request is refused. */
  public ApiToken revoke(long id) {
    accountService.requireAdmin();
    ApiToken t =
        db.read(c -> tokens.find(c, id))
            .orElseThrow(() -> new NotFoundException("No such token: " + id));
    db.run(c -> tokens.delete(c, id));
    return t;
  }

  /**
   * The enabled account a presented token acts as; empty for an unknown, revoked or malformed
   * token, a disabled account, or a client address that failed too often.
   */
  public Optional<Account> authenticate(String client, String presented) {
    String bucket = "api-ip:" + client;
    if (throttle.isBlocked(bucket, SignIn.MAX_FAILURES_PER_ADDRESS, SignIn.WINDOW)) {
      return Optional.empty();
    }
    Optional<ApiTokenRepository.Match> match =
        presented == null || !presented.startsWith(PREFIX) || presented.length() > 100
            ? Optional.empty()
            : db.read(c -> tokens.byHash(c, hash(presented.strip())));
    Optional<Account> account =
        match.flatMap(m -> db.read(c -> accounts.find(c, m.accountId()))).filter(Account::enabled);
    if (account.isEmpty()) {
      throttle.recordFailure(bucket, SignIn.WINDOW);
      return Optional.empty();
    }
    OffsetDateTime now = Sql.now();
    ApiTokenRepository.Match m = match.get();
    if (m.lastUsedAt() == null || m.lastUsedAt().plus(TOUCH_EVERY).isBefore(now)) {
      db.run(c -> tokens.touch(c, m.tokenId(), now));
    }
    return account;
  }

  static String hash(String secret) {
    return DomainSetup.sha256(secret);
  }
}
