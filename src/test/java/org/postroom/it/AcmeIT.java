package org.postroom.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.postroom.testsupport.DnsServer;
import org.postroom.testsupport.PebbleServer;
import org.postroom.testsupport.PostroomServer;

/**
 * Certificates by ACME from Debian's pebble on loopback: Postroom starts with its self-signed
 * certificate, orders one for its host name and the MTA-STS host (pebble checks HTTP-01 on
 * Postroom's HTTP listener, resolving the names through dnsmasq), presents it on every listener
 * without a restart, and renews it before it expires (pebble issues for 45 s here, so renewal is
 * due after 30).
 */
class AcmeIT {
  private static final String HOST = "mail." + PostroomServer.DOMAIN;
  private static final String MTA_STS = "mta-sts." + PostroomServer.DOMAIN;

  static X509Certificate[] httpsChain(PostroomServer s) throws Exception {
    try (SSLSocket socket = CertificatesIT.tls(null, s.port("POSTROOM_HTTPS_PORT"))) {
      Certificate[] peer = socket.getSession().getPeerCertificates();
      X509Certificate[] chain = new X509Certificate[peer.length];
      for (int i = 0; i < peer.length; i++) {
        chain[i] = (X509Certificate) peer[i];
      }
      return chain;
    }
  }

  /** Waits until HTTPS presents a certificate issued by pebble other than {@code not}. */
  static X509Certificate[] awaitIssued(PostroomServer s, BigInteger not, int seconds)
      throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (System.nanoTime() < deadline) {
      X509Certificate[] chain = httpsChain(s);
      if (chain[0].getIssuerX500Principal().getName().contains("Pebble")
          && !chain[0].getSerialNumber().equals(not)) {
        return chain;
      }
      Thread.sleep(500);
    }
    throw new AssertionError(
        "no new certificate from pebble within " + seconds + " s:\n" + s.log());
  }

  static List<String> dnsNames(X509Certificate c) throws Exception {
    return c.getSubjectAlternativeNames().stream()
        .filter(n -> (Integer) n.get(0) == 2)
        .map(n -> (String) n.get(1))
        .toList();
  }

  @Test
  void pebbleIssuesAndRenewsAndEveryListenerPresentsTheCertificate(@TempDir Path dir)
      throws Exception {
    PostroomServer.Builder b = PostroomServer.builder("acme");
    int http = Integer.parseInt(b.env("POSTROOM_HTTP_PORT"));
    try (DnsServer dns =
            DnsServer.start(
                dir.resolve("dns"),
                List.of(
                    "host-record=" + HOST + ",127.0.0.1",
                    "host-record=" + MTA_STS + ",127.0.0.1"));
        PebbleServer pebble = PebbleServer.start(dir.resolve("pebble"), dns, http, 45)) {
      PostroomServer s =
          b.env("POSTROOM_ACME_DIRECTORY", pebble.directory())
              .env("POSTROOM_ACME_TRUST", pebble.tlsCertificate().toString())
              .start();
      try {
        X509Certificate[] first = awaitIssued(s, null, 120);
        X509Certificate root = pebble.root();
        // the chain pebble signed, for both names
        first[0].verify(first[1].getPublicKey());
        first[first.length - 1].verify(root.getPublicKey());
        assertThat(dnsNames(first[0])).containsExactlyInAnyOrder(HOST, MTA_STS);
        assertThat(CertificatesIT.everyListener(s).values())
            .as("HTTPS, submission (STARTTLS and implicit TLS) and the MX")
            .containsOnly(first[0].getSerialNumber());

        Path key = s.dataDir().resolve("tls/acme/privkey.pem");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(key)))
            .isEqualTo("rw-------");

        // nothing pending answers; pebble's challenges were removed once checked
        HttpResponse<String> unknown =
            HttpClient.newHttpClient()
                .send(
                    HttpRequest.newBuilder(
                            URI.create(s.baseUrl() + "/.well-known/acme-challenge/no-such-token"))
                        .build(),
                    HttpResponse.BodyHandlers.ofString());
        assertThat(unknown.statusCode()).isEqualTo(404);

        long pid = s.process().pid();
        X509Certificate[] renewed = awaitIssued(s, first[0].getSerialNumber(), 120);
        assertThat(renewed[0].getNotAfter()).isAfter(first[0].getNotAfter());
        assertThat(CertificatesIT.everyListener(s).values())
            .as("every listener after the renewal")
            .containsOnly(renewed[0].getSerialNumber());
        assertThat(s.process().pid()).as("no restart").isEqualTo(pid);
        assertThat(s.process().isAlive()).isTrue();
        assertThat(s.log()).contains("ACME certificate").doesNotContain("no ACME certificate");
      } finally {
        s.close();
      }
    }
  }
}
