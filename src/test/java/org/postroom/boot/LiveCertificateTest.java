package org.postroom.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.Security;
import java.security.cert.X509Certificate;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.X509KeyManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LiveCertificateTest {
  static final String PASSWORD = "test-password";
  static final String ORIGINAL = Security.getProperty("ssl.KeyManagerFactory.algorithm");

  @AfterAll
  static void restoreTheJvmDefault() {
    Security.setProperty("ssl.KeyManagerFactory.algorithm", ORIGINAL);
  }

  /** A PKCS#12 keystore with a fresh self-signed certificate, by the JDK's keytool. */
  static Path keystore(Path dir, String name) throws Exception {
    Path p = dir.resolve(name + ".p12");
    Process k =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "keytool").toString(),
                "-genkeypair",
                "-alias",
                "k",
                "-keyalg",
                "RSA",
                "-keysize",
                "2048",
                "-dname",
                "CN=" + name,
                "-storetype",
                "PKCS12",
                "-keystore",
                p.toString(),
                "-storepass",
                PASSWORD,
                "-keypass",
                PASSWORD)
            .redirectErrorStream(true)
            .start();
    k.getInputStream().readAllBytes();
    assertThat(k.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(k.exitValue()).isZero();
    return p;
  }

  static KeyStore load(Path p) throws Exception {
    KeyStore ks = KeyStore.getInstance("PKCS12");
    try (InputStream in = Files.newInputStream(p)) {
      ks.load(in, PASSWORD.toCharArray());
    }
    return ks;
  }

  static BigInteger serial(Path p) throws Exception {
    return ((X509Certificate) load(p).getCertificate("k")).getSerialNumber();
  }

  static String pem(String type, byte[] der) {
    return "-----BEGIN "
        + type
        + "-----\n"
        + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
        + "\n-----END "
        + type
        + "-----\n";
  }

  /** certbot's pair for this keystore's entry. */
  static void writePem(Path p12, Path cert, Path key) throws Exception {
    KeyStore ks = load(p12);
    Files.writeString(cert, pem("CERTIFICATE", ks.getCertificate("k").getEncoded()));
    Files.writeString(
        key,
        pem("PRIVATE KEY", ((PrivateKey) ks.getKey("k", PASSWORD.toCharArray())).getEncoded()));
  }

  static BigInteger presented() throws Exception {
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(KeyStore.getInstance("PKCS12"), new char[0]);
    KeyManager[] kms = kmf.getKeyManagers();
    X509KeyManager km = (X509KeyManager) kms[0];
    String alias = km.chooseServerAlias("RSA", null, null);
    assertThat(alias).isNotNull();
    return km.getCertificateChain(alias)[0].getSerialNumber();
  }

  static void awaitPresented(BigInteger serial) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (!presented().equals(serial) && System.nanoTime() < deadline) {
      Thread.sleep(200);
    }
    assertThat(presented()).isEqualTo(serial);
  }

  @Test
  void aReplacedKeystoreIsPresentedByKeyManagersMadeBeforeAndAfter(@TempDir Path dir)
      throws Exception {
    Path live = dir.resolve("live.p12");
    Path a = keystore(dir, "a");
    Path b = keystore(dir, "b");
    Files.copy(a, live);
    LiveCertificate.install(LiveCertificate.keystore(live, PASSWORD));
    assertThat(KeyManagerFactory.getDefaultAlgorithm()).isEqualTo(LiveCertificate.ALGORITHM);
    KeyManagerFactory early = KeyManagerFactory.getInstance(LiveCertificate.ALGORITHM);
    early.init(load(a), PASSWORD.toCharArray());
    X509KeyManager made = (X509KeyManager) early.getKeyManagers()[0];
    assertThat(presented()).isEqualTo(serial(a));

    Path tmp = dir.resolve("live.p12.new");
    Files.copy(b, tmp);
    Files.move(tmp, live, StandardCopyOption.REPLACE_EXISTING);
    awaitPresented(serial(b));
    assertThat(made.getCertificateChain("any alias")[0].getSerialNumber())
        .as("a listener set up before the change presents the new one too")
        .isEqualTo(serial(b));

    Files.writeString(live, "half written");
    Thread.sleep(2_200);
    assertThat(presented())
        .as("a broken file keeps the last good certificate")
        .isEqualTo(serial(b));
  }

  @Test
  void defaultsWithoutAKeystoreAreTheJdksOwn(@TempDir Path dir) throws Exception {
    LiveCertificate.install(LiveCertificate.keystore(keystore(dir, "d"), PASSWORD));
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(LiveCertificate.ALGORITHM);
    kmf.init(null, null);
    assertThat(kmf.getKeyManagers()).noneMatch(k -> k instanceof LiveCertificate.LiveKeyManager);
  }

  @Test
  void pemPairsAreReadAndAMismatchedOrMissingPartIsNamed(@TempDir Path dir) throws Exception {
    Path a = keystore(dir, "pa");
    Path b = keystore(dir, "pb");
    Path cert = dir.resolve("fullchain.pem");
    Path key = dir.resolve("privkey.pem");
    writePem(a, cert, key);
    PemFiles pair = PemFiles.read(cert, key);
    assertThat(pair.chain()).hasSize(1);
    assertThat(pair.chain().get(0).getSerialNumber()).isEqualTo(serial(a));

    Path otherKey = dir.resolve("other.pem");
    writePem(b, dir.resolve("other-cert.pem"), otherKey);
    assertThatThrownBy(() -> PemFiles.read(cert, otherKey))
        .isInstanceOf(IOException.class)
        .hasMessageContaining("is not the key of the first certificate");
    assertThatThrownBy(() -> PemFiles.read(key, key))
        .hasMessageContaining("no BEGIN CERTIFICATE block");
    Path encrypted = dir.resolve("enc.pem");
    Files.writeString(encrypted, pem("ENCRYPTED PRIVATE KEY", new byte[] {1, 2, 3}));
    assertThatThrownBy(() -> PemFiles.read(cert, encrypted))
        .hasMessageContaining("encrypted; give it without a passphrase");
    assertThat(List.of(cert, key)).allMatch(Files::exists);
  }
}
