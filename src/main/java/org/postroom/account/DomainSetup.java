package org.postroom.account;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;
import java.util.logging.Logger;
import org.postroom.config.ConfigException;
import org.postroom.config.Setting;
import org.postroom.config.Settings;
import org.postroom.core.ConflictException;
import org.postroom.core.ValidationException;
import org.postroom.db.Database;
import org.postroom.runtime.ServerSettings;

/**
 * First run. With {@code postroom.domain} and {@code postroom.admin.password} configured, the
 * domain and {@code postmaster@} are created at start. Otherwise a one-time setup page asks for
 * them: reachable from loopback, or from anywhere with the token printed on the console; locked for
 * good once an admin exists.
 */
@ApplicationScoped
public class DomainSetup {
  private static final Logger LOG = Logger.getLogger(DomainSetup.class.getName());
  static final String TOKEN_KEY = "postroom.setup.token-sha256";

  private final AccountRepository accounts = new AccountRepository();

  @Inject Database db;
  @Inject ServerSettings settings;
  @Inject AccountService accountService;

  /** Runs at start: applies the configured domain and seeds the first admin where possible. */
  public void initialize() {
    Settings process = settings.process();
    db.run(
        c -> {
          Optional<String> stored = settings.stored(c, Setting.DOMAIN.key());
          if (process.isExplicit(Setting.DOMAIN)) {
            String configured = process.text(Setting.DOMAIN);
            if (stored.isPresent() && !stored.get().equals(configured) && accounts.count(c) > 0) {
              throw new ConfigException(
                  Setting.DOMAIN,
                  "this database already serves "
                      + stored.get()
                      + "; the domain cannot change once accounts exist");
            }
            settings.store(c, Setting.DOMAIN.key(), configured);
          }
        });
    settings.refresh();
    if (!needsSetup()) {
      return;
    }
    Optional<String> domain = settings.domain();
    Optional<String> password = process.optional(Setting.ADMIN_PASSWORD);
    if (domain.isPresent() && password.isPresent()) {
      db.run(
          c -> {
            if (accounts.countEnabledAdmins(c) == 0) {
              accountService.createPostmaster(c, domain.get(), password.get());
              settings.forget(c, TOKEN_KEY);
            }
          });
      LOG.info("postroom: created postmaster@" + domain.get() + " as the first admin");
      return;
    }
    String token = newToken();
    db.run(c -> settings.store(c, TOKEN_KEY, sha256(token)));
    String banner =
        "postroom: no admin yet. Open /setup from this machine, or from anywhere with"
            + " /setup?token="
            + token;
    LOG.warning(banner);
    System.out.println(banner);
  }

  /** True until the first admin exists. */
  public boolean needsSetup() {
    return db.read(c -> accounts.countEnabledAdmins(c) == 0);
  }

  public boolean isDomainFixedByEnvironment() {
    return settings.isFromEnvironment(Setting.DOMAIN);
  }

  /** Checks a setup token shown on the console (constant-time). */
  public boolean tokenMatches(String token) {
    if (token == null || token.isBlank()) {
      return false;
    }
    Optional<String> expected = db.read(c -> settings.stored(c, TOKEN_KEY));
    return expected.isPresent()
        && MessageDigest.isEqual(
            expected.get().getBytes(StandardCharsets.US_ASCII),
            sha256(token.strip()).getBytes(StandardCharsets.US_ASCII));
  }

  /**
   * Sets the domain and creates {@code postmaster@} with this password, once.
   *
   * @throws ConflictException when setup was already done (by another request or node)
   * @throws ValidationException next to the domain or password field
   */
  public void complete(String domainInput, String password) {
    var errors = new ValidationException.Collector();
    String domain;
    if (isDomainFixedByEnvironment()) {
      domain = settings.domain().orElseThrow();
    } else {
      domain = domainInput == null ? "" : domainInput.strip().toLowerCase(java.util.Locale.ROOT);
      if (!Settings.isDomainName(domain)) {
        errors.add("domain", "Enter a domain name such as example.org.");
      }
    }
    String problem = PasswordHashing.problemWith(password);
    if (problem != null) {
      errors.add("password", problem);
    }
    errors.throwIfAny();
    db.run(
        c -> {
          if (accounts.countEnabledAdmins(c) > 0 || accounts.count(c) > 0) {
            throw new ConflictException("domain", "Setup is already done.");
          }
          settings.store(c, Setting.DOMAIN.key(), domain);
        });
    settings.refresh();
    db.run(
        c -> {
          if (accounts.countEnabledAdmins(c) > 0) {
            throw new ConflictException("domain", "Setup is already done.");
          }
          accountService.createPostmaster(c, domain, password);
          settings.forget(c, TOKEN_KEY);
        });
  }

  private static String newToken() {
    byte[] b = new byte[18];
    new SecureRandom().nextBytes(b);
    return HexFormat.of().formatHex(b);
  }

  static String sha256(String s) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
