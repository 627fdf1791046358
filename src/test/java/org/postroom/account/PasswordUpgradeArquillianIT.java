package org.postroom.account;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.inject.Inject;
import java.io.File;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.UUID;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.postroom.core.EmailAddress;
import org.postroom.db.Database;

/**
 * Password hashes in the real container (Jakarta Security's PBKDF2 of Payara): new ones at 600,000
 * iterations, and an account that still has a hash of the first wave (210,000) signs in with it and
 * has a 600,000 one stored from then on. A wrong password changes nothing.
 */
@ExtendWith(ArquillianExtension.class)
class PasswordUpgradeArquillianIT {
  @Deployment
  static WebArchive deployment() {
    return ShrinkWrap.createFromZipFile(
            WebArchive.class, new File(System.getProperty("postroom.war", "target/postroom.war")))
        .addClasses(PasswordUpgradeArquillianIT.class);
  }

  @Inject SignIn signIn;
  @Inject PasswordHashing hashing;
  @Inject Database db;

  private final AccountRepository accounts = new AccountRepository();

  /** What the first wave stored: {@code PBKDF2WithHmacSHA256:210000:salt:key}. */
  private static String oldHash(String password) throws Exception {
    byte[] salt = new byte[32];
    new SecureRandom().nextBytes(salt);
    byte[] key =
        SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256")
            .generateSecret(new PBEKeySpec(password.toCharArray(), salt, 210_000, 256))
            .getEncoded();
    Base64.Encoder b64 = Base64.getEncoder();
    return "PBKDF2WithHmacSHA256:210000:"
        + b64.encodeToString(salt)
        + ":"
        + b64.encodeToString(key);
  }

  private String storedHash(String address) {
    return db.read(c -> accounts.find(c, EmailAddress.of(address))).orElseThrow().passwordHash();
  }

  @Test
  void aNewHashHas600000Iterations() {
    String hash = hashing.hash("correct horse battery");
    assertTrue(hash.startsWith("PBKDF2WithHmacSHA256:600000:"), hash);
    assertTrue(hashing.verify("correct horse battery", hash));
    assertFalse(hashing.verify("correct horse batterz", hash));
  }

  @Test
  void anOldHashStillSignsInAndIsUpgradedThenButNotByAWrongPassword() throws Exception {
    String address = "upgrade-" + UUID.randomUUID().toString().substring(0, 8) + "@arq.test";
    String password = "an old but good password";
    String old = oldHash(password);
    db.transaction(c -> accounts.insert(c, EmailAddress.of(address), "", old, Role.USER, 0));

    assertFalse(signIn.check("web", "192.0.2.7", address, "not the password").ok());
    assertEquals(old, storedHash(address), "a wrong password must not touch the hash");

    assertTrue(signIn.check("web", "192.0.2.7", address, password).ok());
    String upgraded = storedHash(address);
    assertTrue(upgraded.startsWith("PBKDF2WithHmacSHA256:600000:"), upgraded);
    assertTrue(hashing.verify(password, upgraded));

    assertTrue(signIn.check("web", "192.0.2.7", address, password).ok(), "still signs in");
    assertEquals(upgraded, storedHash(address), "an up-to-date hash is kept");
  }
}
