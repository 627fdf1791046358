package org.postroom.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postroom.testsupport.PostroomServer;
import org.postroom.testsupport.Processes;
import org.postroom.testsupport.SelfSigned;

/**
 * Certificates from PEM files, as certbot leaves them: every listener (HTTPS, submission with
 * STARTTLS and implicit TLS, the MX's STARTTLS) presents the configured certificate, and a renewed
 * pair replacing the files is presented by all of them within seconds, without a restart; a broken
 * renewal keeps the previous certificate; half a configuration stops the start with one line.
 */
class CertificatesIT {
  /** A self-signed certificate for mail.example.test by openssl; PKCS#1 key if asked. */
  static void makeCertificate(Path dir, String name, boolean pkcs1) throws Exception {
    Path cert = dir.resolve(name + ".crt");
    Path key = dir.resolve(name + ".key");
    SelfSigned.make(cert, key, "mail.example.test", "DNS:mail.example.test", 30);
    if (pkcs1) {
      Path pkcs8 = dir.resolve(name + ".pkcs8.key");
      Files.move(key, pkcs8);
      run("openssl", "rsa", "-in", pkcs8.toString(), "-traditional", "-out", key.toString());
      assertThat(Files.readString(key)).startsWith("-----BEGIN RSA PRIVATE KEY-----");
    }
  }

  static void run(String... cmd) {
    Processes.check(List.of(cmd), 60);
  }

  static BigInteger serialOf(Path cert) throws Exception {
    try (var in = Files.newInputStream(cert)) {
      return ((X509Certificate)
              java.security.cert.CertificateFactory.getInstance("X.509").generateCertificate(in))
          .getSerialNumber();
    }
  }

  /** Installs name.crt/name.key as live.crt/live.key the way certbot renews: new files, renamed. */
  static void install(Path dir, String name) throws IOException {
    for (String ext : List.of("crt", "key")) {
      Path tmp = dir.resolve("live." + ext + ".new");
      Files.copy(dir.resolve(name + "." + ext), tmp, StandardCopyOption.REPLACE_EXISTING);
      Files.move(tmp, dir.resolve("live." + ext), StandardCopyOption.REPLACE_EXISTING);
    }
  }

  static SSLSocket tls(Socket plain, int port) throws Exception {
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(null, new TrustManager[] {HttpsIT.TRUST_ANY}, null);
    SSLSocket s =
        plain == null
            ? (SSLSocket) ctx.getSocketFactory().createSocket("127.0.0.1", port)
            : (SSLSocket) ctx.getSocketFactory().createSocket(plain, "127.0.0.1", port, true);
    s.setSoTimeout(10_000);
    s.startHandshake();
    return s;
  }

  static BigInteger presented(SSLSocket s) throws Exception {
    try (s) {
      return ((X509Certificate) s.getSession().getPeerCertificates()[0]).getSerialNumber();
    }
  }

  /** The serial an SMTP listener presents after EHLO and STARTTLS. */
  static BigInteger startTls(int port) throws Exception {
    Socket plain = new Socket("127.0.0.1", port);
    plain.setSoTimeout(10_000);
    BufferedReader in =
        new BufferedReader(
            new InputStreamReader(plain.getInputStream(), StandardCharsets.US_ASCII));
    OutputStream out = plain.getOutputStream();
    assertThat(in.readLine()).startsWith("220");
    out.write("EHLO client.test\r\n".getBytes(StandardCharsets.US_ASCII));
    String line;
    do {
      line = in.readLine();
    } while (line != null && line.startsWith("250-"));
    out.write("STARTTLS\r\n".getBytes(StandardCharsets.US_ASCII));
    assertThat(in.readLine()).startsWith("220");
    return presented(tls(plain, port));
  }

  static Map<String, BigInteger> everyListener(PostroomServer s) throws Exception {
    return Map.of(
        "https", presented(tls(null, s.port("POSTROOM_HTTPS_PORT"))),
        "submissions", presented(tls(null, s.submissionsPort())),
        "submission", startTls(s.submissionPort()),
        "mx", startTls(s.smtpPort()));
  }

  @Test
  void everyListenerPresentsThePemCertificateAndARenewalWithoutARestart(@TempDir Path dir)
      throws Exception {
    makeCertificate(dir, "first", false);
    makeCertificate(dir, "renewed", true);
    BigInteger first = serialOf(dir.resolve("first.crt"));
    BigInteger renewed = serialOf(dir.resolve("renewed.crt"));
    install(dir, "first");
    PostroomServer s =
        PostroomServer.builder("pem")
            .env("POSTROOM_TLS_CERTIFICATE", dir.resolve("live.crt").toString())
            .env("POSTROOM_TLS_KEY", dir.resolve("live.key").toString())
            .start();
    try {
      assertThat(everyListener(s).values()).containsOnly(first);
      long pid = s.process().pid();

      install(dir, "renewed");
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (!presented(tls(null, s.port("POSTROOM_HTTPS_PORT"))).equals(renewed)
          && System.nanoTime() < deadline) {
        Thread.sleep(500);
      }
      assertThat(everyListener(s).values()).as("after renewal").containsOnly(renewed);
      assertThat(s.process().pid()).isEqualTo(pid);
      assertThat(s.process().isAlive()).isTrue();
      assertThat(s.log()).contains("TLS certificate reloaded");

      // a renewal that went wrong (a key of another certificate) is refused; the last good stays
      Files.copy(
          dir.resolve("first.key"), dir.resolve("live.key"), StandardCopyOption.REPLACE_EXISTING);
      deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (!s.log().contains("cannot be used") && System.nanoTime() < deadline) {
        presented(tls(null, s.port("POSTROOM_HTTPS_PORT")));
        Thread.sleep(500);
      }
      assertThat(s.log()).contains("is not the key of the first certificate");
      assertThat(everyListener(s).values()).containsOnly(renewed);
    } finally {
      s.stop();
    }
  }

  @Test
  void aCertificateWithoutItsKeyStopsTheStartNamingTheKey(@TempDir Path dir) throws Exception {
    makeCertificate(dir, "lonely", false);
    PostroomServer s =
        PostroomServer.builder("pem-half")
            .env("POSTROOM_TLS_CERTIFICATE", dir.resolve("lonely.crt").toString())
            .startExpectingExit();
    assertThat(s.process().exitValue()).isEqualTo(2);
    assertThat(s.log())
        .contains(
            "postroom: configuration error: postroom.tls.key (POSTROOM_TLS_KEY): set"
                + " postroom.tls.certificate and postroom.tls.key together");
  }
}
