package org.postroom.account;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class PasswordHashingTest {
  @Test
  void hashesWeakerThanTodaysAreRehashed() {
    assertTrue(PasswordHashing.needsRehash("PBKDF2WithHmacSHA256:210000:c2FsdA==:a2V5"));
    assertTrue(PasswordHashing.needsRehash("PBKDF2WithHmacSHA1:600000:c2FsdA==:a2V5"));
    assertTrue(PasswordHashing.needsRehash("PBKDF2WithHmacSHA256:many:c2FsdA==:a2V5"));
    assertTrue(PasswordHashing.needsRehash("hash"));
    assertTrue(PasswordHashing.needsRehash(null));
  }

  @Test
  void todaysHashesAreKept() {
    assertFalse(PasswordHashing.needsRehash("PBKDF2WithHmacSHA256:600000:c2FsdA==:a2V5"));
    assertFalse(PasswordHashing.needsRehash("PBKDF2WithHmacSHA256:1000000:c2FsdA==:a2V5"));
  }
}
