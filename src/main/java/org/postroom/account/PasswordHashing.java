package org.postroom.account;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.identitystore.Pbkdf2PasswordHash;
import java.util.Map;

/**
 * Password hashes through Jakarta Security's {@link Pbkdf2PasswordHash}: PBKDF2-HMAC-SHA256,
 * 600,000 iterations (OWASP's figure for SHA-256), 32-byte salt and key, stored as {@code
 * PBKDF2WithHmacSHA256:600000:salt:key}. A stored hash names its own algorithm and iterations, so
 * older hashes (210,000) still verify; {@link #needsRehash} tells the sign-in to store a new one
 * (ADR 0087). {@link #burn} spends the same time on a dummy hash, so an unknown address answers as
 * slowly as a wrong password.
 */
@ApplicationScoped
public class PasswordHashing {
  public static final int MIN_LENGTH = 10;
  public static final int MAX_LENGTH = 200;
  static final String ALGORITHM = "PBKDF2WithHmacSHA256";
  static final int ITERATIONS = 600_000;
  static final Map<String, String> PARAMETERS =
      Map.of(
          "Pbkdf2PasswordHash.Algorithm",
          ALGORITHM,
          "Pbkdf2PasswordHash.Iterations",
          Integer.toString(ITERATIONS),
          "Pbkdf2PasswordHash.SaltSizeBytes",
          "32",
          "Pbkdf2PasswordHash.KeySizeBytes",
          "32");

  @Inject Pbkdf2PasswordHash pbkdf2;
  private String dummy;

  @PostConstruct
  void init() {
    pbkdf2.initialize(PARAMETERS);
    dummy = pbkdf2.generate("not a real password".toCharArray());
  }

  public String hash(String password) {
    return pbkdf2.generate(password.toCharArray());
  }

  public boolean verify(String password, String storedHash) {
    try {
      return pbkdf2.verify(password.toCharArray(), storedHash);
    } catch (RuntimeException e) {
      return false; // an unreadable hash never matches
    }
  }

  /**
   * True when a stored hash is weaker than what {@link #hash} makes now (another algorithm, fewer
   * iterations, or not readable as {@code algorithm:iterations:salt:key}): the caller that has just
   * verified the password stores {@link #hash} of it instead.
   */
  public static boolean needsRehash(String storedHash) {
    String[] parts = storedHash == null ? new String[0] : storedHash.split(":");
    if (parts.length != 4 || !parts[0].equals(ALGORITHM)) {
      return true;
    }
    try {
      return Integer.parseInt(parts[1]) < ITERATIONS;
    } catch (NumberFormatException e) {
      return true;
    }
  }

  /**
   * Costs what {@link #verify} costs, for callers that must not reveal that an account is absent.
   */
  public void burn(String password) {
    pbkdf2.verify(password.toCharArray(), dummy);
  }

  /** Null when acceptable, else what is wrong with it (shown next to the field). */
  public static String problemWith(String password) {
    if (password == null || password.length() < MIN_LENGTH) {
      return "Use at least " + MIN_LENGTH + " characters.";
    }
    if (password.length() > MAX_LENGTH) {
      return "Use at most " + MAX_LENGTH + " characters.";
    }
    if (password.isBlank()) {
      return "The password cannot be only spaces.";
    }
    return null;
  }
}
