package org.postroom.account;

import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.identitystore.Pbkdf2PasswordHash;
import java.util.Map;

/**
 * Password hashes through Jakarta Security's {@link Pbkdf2PasswordHash}: PBKDF2-HMAC-SHA256,
 * 210,000 iterations (OWASP 2023), 32-byte salt and key. {@link #burn} spends the same time on a
 * dummy hash, so an unknown address answers as slowly as a wrong password.
 */
@ApplicationScoped
public class PasswordHashing {
  public static final int MIN_LENGTH = 10;
  public static final int MAX_LENGTH = 200;
  static final Map<String, String> PARAMETERS =
      Map.of(
          "Pbkdf2PasswordHash.Algorithm", "PBKDF2WithHmacSHA256",
          "Pbkdf2PasswordHash.Iterations", "210000",
          "Pbkdf2PasswordHash.SaltSizeBytes", "32",
          "Pbkdf2PasswordHash.KeySizeBytes", "32");

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
