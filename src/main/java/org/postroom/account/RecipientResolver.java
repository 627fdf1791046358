package org.postroom.account;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Optional;
import org.postroom.core.EmailAddress;
import org.postroom.runtime.ServerSettings;

/**
 * Decides where an address of our domain goes: an account, an alias's accounts, the catch-all, or
 * nowhere. {@code postmaster@} and {@code abuse@} always reach the postmaster account if nothing
 * else claims them (RFC 5321 4.5.1, RFC 2142).
 */
@ApplicationScoped
public class RecipientResolver {
  private final AccountRepository accounts = new AccountRepository();
  private final AliasRepository aliases = new AliasRepository();

  @Inject ServerSettings settings;

  protected RecipientResolver() {
    // for CDI
  }

  /** For code outside the container. */
  public RecipientResolver(ServerSettings settings) {
    this.settings = settings;
  }

  /** Where a recipient goes. */
  public sealed interface Resolution {
    /** Delivered to these accounts (at least one). */
    record Local(List<Long> accountIds) implements Resolution {}

    /** Our domain, but nobody by that name. */
    record Unknown() implements Resolution {}

    /** Another domain: the relay's business. */
    record Remote() implements Resolution {}
  }

  public boolean isLocalDomain(EmailAddress a) {
    return settings.domain().map(a::isIn).orElse(false);
  }

  public Resolution resolve(Connection c, EmailAddress rcpt) throws SQLException {
    if (!isLocalDomain(rcpt)) {
      return new Resolution.Remote();
    }
    var account = accounts.find(c, rcpt);
    if (account.isPresent()) {
      return new Resolution.Local(List.of(account.get().id()));
    }
    List<Long> targets = aliases.targetIds(c, rcpt);
    if (!targets.isEmpty()) {
      return new Resolution.Local(targets);
    }
    String local = rcpt.localPart();
    if (local.equalsIgnoreCase(AccountService.POSTMASTER)
        || local.equalsIgnoreCase(AccountService.ABUSE)) {
      Optional<Long> pm =
          accounts
              .find(c, EmailAddress.of(AccountService.POSTMASTER + "@" + rcpt.domain()))
              .map(a -> a.id());
      if (pm.isPresent()) {
        return new Resolution.Local(List.of(pm.get()));
      }
    }
    Optional<String> catchAll = settings.stored(c, AccountService.CATCH_ALL_KEY);
    if (catchAll.isPresent()) {
      var ca = accounts.find(c, EmailAddress.of(catchAll.get()));
      if (ca.isPresent()) {
        return new Resolution.Local(List.of(ca.get().id()));
      }
    }
    return new Resolution.Unknown();
  }
}
