package org.postroom.account;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Event;
import jakarta.inject.Inject;
import jakarta.security.enterprise.SecurityContext;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.postroom.core.ConflictException;
import org.postroom.core.EmailAddress;
import org.postroom.core.ForbiddenException;
import org.postroom.core.NotFoundException;
import org.postroom.core.ValidationException;
import org.postroom.db.Database;
import org.postroom.runtime.ServerSettings;

/**
 * Accounts, aliases and the catch-all of the domain: one method per use case, each one transaction.
 * Admin operations check the caller's role here, whatever page or endpoint called them. The
 * domain's guarantees live here too: {@code postmaster@} and {@code abuse@} always reach someone,
 * and the last enabled admin cannot lock everybody out.
 */
@ApplicationScoped
public class AccountService {
  public static final String POSTMASTER = "postmaster";
  public static final String ABUSE = "abuse";
  static final String CATCH_ALL_KEY = "postroom.catchall";

  private final AccountRepository accounts = new AccountRepository();
  private final AliasRepository aliases = new AliasRepository();

  @Inject Database db;
  @Inject PasswordHashing hashing;
  @Inject ServerSettings settings;
  @Inject SecurityContext security;
  @Inject Event<AccountEvents.Created> created;
  @Inject Event<AccountEvents.Deleting> deleting;

  /** Fields of a new account. */
  public record NewAccount(
      String address, String password, String displayName, Role role, Long quotaBytes) {}

  /** Changes to an account; null fields stay as they are. */
  public record AccountChanges(
      String displayName, String password, Role role, Boolean enabled, Long quotaBytes) {}

  // ---- queries (admin)

  public List<Account> users() {
    requireAdmin();
    return db.read(accounts::all);
  }

  public Account user(String address) {
    requireAdmin();
    EmailAddress a = parseExisting(address);
    return db.read(c -> accounts.find(c, a)).orElseThrow(() -> notFound(address));
  }

  public List<Alias> aliases() {
    requireAdmin();
    return db.read(aliases::all);
  }

  public Alias alias(String address) {
    requireAdmin();
    EmailAddress a = parseExisting(address);
    return db.read(c -> aliases.find(c, a)).orElseThrow(() -> notFound(address));
  }

  public Optional<EmailAddress> catchAll() {
    requireAdmin();
    return db.read(c -> settings.stored(c, CATCH_ALL_KEY)).map(EmailAddress::of);
  }

  // ---- commands (admin)

  public Account createUser(NewAccount n) {
    requireAdmin();
    return db.transaction(c -> insertAccount(c, n));
  }

  public Account updateUser(String address, AccountChanges ch) {
    requireAdmin();
    EmailAddress a = parseExisting(address);
    return db.transaction(
        c -> {
          Account acc = accounts.find(c, a).orElseThrow(() -> notFound(address));
          var errors = new ValidationException.Collector();
          if (ch.displayName() != null) {
            String problem = displayNameProblem(ch.displayName());
            if (problem != null) {
              errors.add("displayName", problem);
            }
          }
          if (ch.password() != null) {
            String problem = PasswordHashing.problemWith(ch.password());
            if (problem != null) {
              errors.add("password", problem);
            }
          }
          if (ch.quotaBytes() != null && ch.quotaBytes() < 0) {
            errors.add("quotaBytes", "The quota cannot be negative (0 means no limit).");
          }
          errors.throwIfAny();
          boolean losesAdmin =
              (ch.role() == Role.USER && acc.isAdmin())
                  || (Boolean.FALSE.equals(ch.enabled()) && acc.isAdmin() && acc.enabled());
          if (isPostmaster(acc) && (ch.role() == Role.USER || Boolean.FALSE.equals(ch.enabled()))) {
            throw new ConflictException(
                ch.role() == Role.USER ? "role" : "enabled",
                "postmaster@ must stay an enabled admin.");
          }
          if (losesAdmin && accounts.countEnabledAdmins(c) <= 1) {
            throw new ConflictException(
                ch.role() == Role.USER ? "role" : "enabled",
                "This is the last enabled admin; make someone else admin first.");
          }
          if (ch.displayName() != null) {
            accounts.setDisplayName(c, acc.id(), ch.displayName().strip());
          }
          if (ch.password() != null) {
            accounts.setPasswordHash(c, acc.id(), hashing.hash(ch.password()));
          }
          if (ch.role() != null) {
            accounts.setRole(c, acc.id(), ch.role());
          }
          if (ch.enabled() != null) {
            accounts.setEnabled(c, acc.id(), ch.enabled());
          }
          if (ch.quotaBytes() != null) {
            accounts.setQuota(c, acc.id(), ch.quotaBytes());
          }
          return accounts.find(c, acc.id()).orElseThrow();
        });
  }

  public void deleteUser(String address) {
    requireAdmin();
    EmailAddress a = parseExisting(address);
    db.run(
        c -> {
          Account acc = accounts.find(c, a).orElseThrow(() -> notFound(address));
          if (isPostmaster(acc)) {
            throw new ConflictException("address", "postmaster@ cannot be deleted.");
          }
          if (acc.isAdmin() && acc.enabled() && accounts.countEnabledAdmins(c) <= 1) {
            throw new ConflictException(
                "address", "This is the last enabled admin; make someone else admin first.");
          }
          if (settings
              .stored(c, CATCH_ALL_KEY)
              .map(acc.address().canonical()::equals)
              .orElse(false)) {
            settings.forget(c, CATCH_ALL_KEY);
          }
          List<Alias> affected = new ArrayList<>();
          for (Alias al : aliases.all(c)) {
            if (al.targets().contains(acc.address())) {
              affected.add(al);
            }
          }
          deleting.fire(new AccountEvents.Deleting(c, acc.id()));
          accounts.delete(c, acc.id());
          for (Alias al : affected) {
            if (al.targets().size() == 1 && !isProtectedAlias(al.address())) {
              aliases.delete(c, al.id()); // an alias that reaches nobody would only bounce
            }
          }
        });
  }

  public Alias createAlias(String address, List<String> targets) {
    requireAdmin();
    return db.transaction(
        c -> {
          var errors = new ValidationException.Collector();
          EmailAddress a = localAddress(address, "address", errors);
          List<Long> ids = targetIds(c, targets, errors);
          errors.throwIfAny();
          ensureFree(c, a);
          long id = aliases.insert(c, a);
          aliases.replaceTargets(c, id, ids);
          return aliases.find(c, a).orElseThrow();
        });
  }

  public Alias updateAlias(String address, List<String> targets) {
    requireAdmin();
    EmailAddress a = parseExisting(address);
    return db.transaction(
        c -> {
          Alias al = aliases.find(c, a).orElseThrow(() -> notFound(address));
          var errors = new ValidationException.Collector();
          List<Long> ids = targetIds(c, targets, errors);
          errors.throwIfAny();
          aliases.replaceTargets(c, al.id(), ids);
          return aliases.find(c, a).orElseThrow();
        });
  }

  public void deleteAlias(String address) {
    requireAdmin();
    EmailAddress a = parseExisting(address);
    db.run(
        c -> {
          Alias al = aliases.find(c, a).orElseThrow(() -> notFound(address));
          if (isProtectedAlias(al.address())) {
            throw new ConflictException(
                "address", al.address().localPart() + "@ must always reach someone (RFC 2142).");
          }
          aliases.delete(c, al.id());
        });
  }

  /** Sets or clears (empty/null) the account that receives mail for unknown local parts. */
  public Optional<EmailAddress> setCatchAll(String address) {
    requireAdmin();
    return db.transaction(
        c -> {
          if (address == null || address.isBlank()) {
            settings.forget(c, CATCH_ALL_KEY);
            return Optional.empty();
          }
          var errors = new ValidationException.Collector();
          EmailAddress a = localAddress(address, "catchAll", errors);
          errors.throwIfAny();
          if (accounts.find(c, a).isEmpty()) {
            throw ValidationException.of("catchAll", "No account " + a + " exists.");
          }
          settings.store(c, CATCH_ALL_KEY, a.canonical());
          return Optional.of(a);
        });
  }

  // ---- self service (the signed-in user)

  public void changeOwnPassword(long accountId, String current, String next) {
    Account acc = db.read(c -> accounts.find(c, accountId)).orElseThrow(() -> notFound("account"));
    var errors = new ValidationException.Collector();
    if (current == null || !hashing.verify(current, acc.passwordHash())) {
      errors.add("currentPassword", "This is not your current password.");
    }
    String problem = PasswordHashing.problemWith(next);
    if (problem != null) {
      errors.add("newPassword", problem);
    }
    errors.throwIfAny();
    String hash = hashing.hash(next);
    db.run(c -> accounts.setPasswordHash(c, accountId, hash));
  }

  public void changeOwnDisplayName(long accountId, String displayName) {
    String problem = displayNameProblem(displayName);
    if (problem != null) {
      throw ValidationException.of("displayName", problem);
    }
    db.run(c -> accounts.setDisplayName(c, accountId, displayName.strip()));
  }

  /** The account with this id (the signed-in user's own). */
  public Optional<Account> byId(long id) {
    return db.read(c -> accounts.find(c, id));
  }

  public Optional<Account> byAddress(EmailAddress address) {
    return db.read(c -> accounts.find(c, address));
  }

  /** The account's own addresses: its address and every alias that delivers to it. */
  public Set<EmailAddress> identitiesOf(long accountId) {
    return new LinkedHashSet<>(db.read(c -> identities(c, accountId)));
  }

  /** Like {@link #identitiesOf}, in the caller's transaction: the account's address first. */
  public List<EmailAddress> identities(Connection c, long accountId) throws SQLException {
    List<EmailAddress> out = new ArrayList<>();
    accounts.find(c, accountId).ifPresent(a -> out.add(a.address()));
    out.addAll(aliases.aliasesOf(c, accountId));
    return out;
  }

  /** Every account by address, in the caller's transaction (the caller checked the role). */
  public List<Account> all(Connection c) throws SQLException {
    return accounts.all(c);
  }

  public Optional<Account> find(Connection c, EmailAddress address) throws SQLException {
    return accounts.find(c, address);
  }

  /** The account with this id, in the caller's transaction. */
  public Optional<Account> find(Connection c, long id) throws SQLException {
    return accounts.find(c, id);
  }

  /**
   * Enabled accounts whose address or display name contains the text (already a LIKE pattern with
   * {@code \\} as escape), by address: the domain's users for address suggestions.
   */
  public List<Account> matching(Connection c, String likePattern, int limit) throws SQLException {
    return accounts.matching(c, likePattern, limit);
  }

  // ---- used by first-run setup (no caller yet)

  /**
   * Creates postmaster@ as admin and abuse@ pointing at it; caller has checked there is no admin.
   */
  Account createPostmaster(Connection c, String domain, String password) throws SQLException {
    Account pm =
        insertAccount(
            c, new NewAccount(POSTMASTER + "@" + domain, password, "Postmaster", Role.ADMIN, 0L));
    EmailAddress abuse = EmailAddress.of(ABUSE + "@" + domain);
    if (aliases.find(c, abuse).isEmpty() && accounts.find(c, abuse).isEmpty()) {
      long id = aliases.insert(c, abuse);
      aliases.replaceTargets(c, id, List.of(pm.id()));
    }
    return pm;
  }

  // ---- rules

  private Account insertAccount(Connection c, NewAccount n) throws SQLException {
    var errors = new ValidationException.Collector();
    EmailAddress a = localAddress(n.address(), "address", errors);
    String pwProblem = PasswordHashing.problemWith(n.password());
    if (pwProblem != null) {
      errors.add("password", pwProblem);
    }
    String name = n.displayName() == null ? "" : n.displayName();
    String nameProblem = displayNameProblem(name);
    if (nameProblem != null) {
      errors.add("displayName", nameProblem);
    }
    long quota = n.quotaBytes() == null ? 0 : n.quotaBytes();
    if (quota < 0) {
      errors.add("quotaBytes", "The quota cannot be negative (0 means no limit).");
    }
    errors.throwIfAny();
    ensureFree(c, a);
    long id =
        accounts.insert(
            c,
            a,
            name.strip(),
            hashing.hash(n.password()),
            n.role() == null ? Role.USER : n.role(),
            quota);
    created.fire(new AccountEvents.Created(c, id));
    return accounts.find(c, id).orElseThrow();
  }

  private void ensureFree(Connection c, EmailAddress a) throws SQLException {
    if (accounts.find(c, a).isPresent()) {
      throw new ConflictException("address", "An account " + a.canonical() + " already exists.");
    }
    if (aliases.find(c, a).isPresent()) {
      throw new ConflictException("address", "An alias " + a.canonical() + " already exists.");
    }
  }

  private List<Long> targetIds(
      Connection c, List<String> targets, ValidationException.Collector errors)
      throws SQLException {
    List<Long> ids = new ArrayList<>();
    if (targets == null || targets.isEmpty()) {
      errors.add("targets", "Name at least one account this alias delivers to.");
      return ids;
    }
    for (String t : targets) {
      EmailAddress ta = localAddress(t, "targets", errors);
      if (ta == null) {
        continue;
      }
      Optional<Account> acc = accounts.find(c, ta);
      if (acc.isEmpty()) {
        errors.add("targets", "No account " + ta + " exists.");
      } else if (!ids.contains(acc.get().id())) {
        ids.add(acc.get().id());
      }
    }
    return ids;
  }

  /** An address of our domain; a bare local part gets the domain appended. */
  EmailAddress localAddress(String text, String field, ValidationException.Collector errors) {
    String domain = settings.domain().orElse(null);
    if (text == null || text.isBlank()) {
      errors.add(field, "Enter an address.");
      return null;
    }
    String t = text.strip();
    if (t.indexOf('@') < 0 && domain != null) {
      t = t + "@" + domain;
    }
    try {
      EmailAddress a = EmailAddress.of(t);
      if (domain == null || !a.isIn(domain)) {
        errors.add(field, "Only addresses @" + domain + " can be used here.");
        return null;
      }
      return a;
    } catch (IllegalArgumentException e) {
      errors.add(field, e.getMessage());
      return null;
    }
  }

  private EmailAddress parseExisting(String address) {
    return EmailAddress.parse(address).orElseThrow(() -> notFound(address));
  }

  /** Why a display name cannot be used (too long, control characters), or null. */
  public static String displayNameProblem(String name) {
    if (name == null) {
      return null;
    }
    if (name.length() > 200) {
      return "Use at most 200 characters.";
    }
    if (name.chars().anyMatch(ch -> ch < 0x20 || ch == 0x7f)) {
      return "A name cannot contain line breaks or control characters.";
    }
    return null;
  }

  private boolean isPostmaster(Account a) {
    return a.address().localPart().equalsIgnoreCase(POSTMASTER);
  }

  private static boolean isProtectedAlias(EmailAddress a) {
    return a.localPart().equalsIgnoreCase(ABUSE) || a.localPart().equalsIgnoreCase(POSTMASTER);
  }

  private static NotFoundException notFound(String what) {
    return new NotFoundException("No such address: " + what);
  }

  /** Admin operations are refused here, whatever page or endpoint called them. */
  public void requireAdmin() {
    if (security.getCallerPrincipal() == null || !security.isCallerInRole("admin")) {
      throw new ForbiddenException("Only admins may do this.");
    }
  }
}
