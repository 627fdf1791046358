package org.postroom.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * Debian's {@code pebble}, Let's Encrypt's ACME test server, on loopback with a private
 * configuration: its own HTTPS certificate (made by openssl for 127.0.0.1), HTTP-01 checks sent to
 * {@code httpPort} of the name's address as the given dnsmasq resolves it, certificates valid for
 * {@code validitySeconds}. No sleeps before checks, no refused nonces, no reused authorizations, so
 * every order really validates.
 */
public final class PebbleServer implements AutoCloseable {
  private final Path dir;
  private final int port = FreePort.any();
  private final int managementPort = FreePort.any();
  private Process process;

  private PebbleServer(Path dir) {
    this.dir = dir;
  }

  public static PebbleServer start(Path dir, DnsServer dns, int httpPort, int validitySeconds) {
    PebbleServer p = new PebbleServer(dir);
    p.launch(dns, httpPort, validitySeconds);
    return p;
  }

  /** The ACME directory URL ({@code postroom.acme.directory}). */
  public String directory() {
    return "https://127.0.0.1:" + port + "/dir";
  }

  /** The PEM file of pebble's own HTTPS certificate ({@code postroom.acme.trust}). */
  public Path tlsCertificate() {
    return dir.resolve("pebble-tls.crt");
  }

  /** The root CA that signs what pebble issues (new on every pebble start). */
  public X509Certificate root() {
    String pem = get("https://127.0.0.1:" + managementPort + "/roots/0");
    try {
      return (X509Certificate)
          CertificateFactory.getInstance("X.509")
              .generateCertificate(
                  new java.io.ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)));
    } catch (java.security.cert.CertificateException e) {
      throw new IllegalStateException(e);
    }
  }

  public String log() {
    try {
      return Files.readString(dir.resolve("pebble.log"));
    } catch (IOException e) {
      return "";
    }
  }

  private void launch(DnsServer dns, int httpPort, int validitySeconds) {
    try {
      Files.createDirectories(dir);
      SelfSigned.make(
          tlsCertificate(), dir.resolve("pebble-tls.key"), "pebble.test", "IP:127.0.0.1", 2);
      String config =
          """
          {"pebble": {
            "listenAddress": "127.0.0.1:%d",
            "managementListenAddress": "127.0.0.1:%d",
            "certificate": "%s",
            "privateKey": "%s",
            "httpPort": %d,
            "tlsPort": %d,
            "ocspResponderURL": "",
            "externalAccountBindingRequired": false,
            "certificateValidityPeriod": %d
          }}
          """
              .formatted(
                  port,
                  managementPort,
                  tlsCertificate(),
                  dir.resolve("pebble-tls.key"),
                  httpPort,
                  FreePort.any(),
                  validitySeconds);
      Path file = dir.resolve("pebble.json");
      Files.writeString(file, config);
      ProcessBuilder pb =
          new ProcessBuilder("pebble", "-config", file.toString(), "-dnsserver", dns.address())
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("pebble.log").toFile()));
      pb.environment().put("PEBBLE_VA_NOSLEEP", "1");
      pb.environment().put("PEBBLE_WFE_NONCEREJECT", "0");
      pb.environment().put("PEBBLE_AUTHZREUSE", "0");
      process = pb.start();
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
      while (System.nanoTime() < deadline) {
        if (!process.isAlive()) {
          throw new IllegalStateException("pebble exited: " + log());
        }
        try {
          get(directory());
          return;
        } catch (RuntimeException notYet) {
          Thread.sleep(200);
        }
      }
      throw new IllegalStateException("pebble did not answer within 20 s: " + log());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private String get(String url) {
    try {
      KeyStore trust = KeyStore.getInstance("PKCS12");
      trust.load(null, null);
      try (InputStream in = Files.newInputStream(tlsCertificate())) {
        trust.setCertificateEntry(
            "pebble", CertificateFactory.getInstance("X.509").generateCertificate(in));
      }
      TrustManagerFactory tmf =
          TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
      tmf.init(trust);
      SSLContext ssl = SSLContext.getInstance("TLS");
      ssl.init(null, tmf.getTrustManagers(), null);
      HttpClient http =
          HttpClient.newBuilder().sslContext(ssl).connectTimeout(Duration.ofSeconds(2)).build();
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(5)).build(),
              HttpResponse.BodyHandlers.ofString());
      if (r.statusCode() != 200) {
        throw new IllegalStateException(url + ": HTTP " + r.statusCode());
      }
      return r.body();
    } catch (IOException | java.security.GeneralSecurityException e) {
      throw new IllegalStateException(url + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    if (process != null) {
      process.destroy();
      try {
        process.waitFor(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      process = null;
    }
  }
}
