package org.postroom.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSession;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;
import org.junit.jupiter.api.Test;
import org.postroom.testsupport.FreePort;
import org.postroom.testsupport.PostroomServer;
import org.postroom.testsupport.SmtpClient;

/** The HTTPS listener: Postroom's own certificate, and session cookies marked for it. */
class HttpsIT {
  static final X509TrustManager TRUST_ANY =
      new X509TrustManager() {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public X509Certificate[] getAcceptedIssuers() {
          return new X509Certificate[0];
        }
      };

  @Test
  void httpsUsesTheGeneratedCertificateAndSecureCookies() throws Exception {
    PostroomServer server = PostroomServer.shared();
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(null, new TrustManager[] {TRUST_ANY}, null);
    HttpClient client = HttpClient.newBuilder().sslContext(ctx).build();
    HttpResponse<String> r =
        client.send(
            HttpRequest.newBuilder(
                    URI.create(
                        "https://127.0.0.1:" + server.port("POSTROOM_HTTPS_PORT") + "/login.xhtml"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).isEqualTo(200);
    SSLSession tls = r.sslSession().orElseThrow();
    X509Certificate cert = (X509Certificate) tls.getPeerCertificates()[0];
    assertThat(cert.getSubjectX500Principal().getName()).isEqualTo("CN=mail.example.test");
    List<String> cookies = r.headers().allValues("Set-Cookie");
    assertThat(cookies)
        .anySatisfy(
            c ->
                assertThat(c)
                    .startsWith("JSESSIONID=")
                    .contains("Secure", "HttpOnly")
                    .containsIgnoringCase("SameSite=Lax"));

    HttpResponse<String> plain = server.request("GET", "/login.xhtml", null, null, null);
    assertThat(plain.headers().allValues("Set-Cookie"))
        .anySatisfy(
            c ->
                assertThat(c)
                    .startsWith("JSESSIONID=")
                    .contains("HttpOnly")
                    .containsIgnoringCase("SameSite=Lax")
                    .doesNotContain("Secure"));
  }

  /**
   * Every secret the server was given or made (admin, keystore, database and smarthost passwords)
   * is in no log line and in no file of the data directory but the keystore's own password file;
   * the data directory and everything in it are its owner's only, whatever the umask.
   */
  @Test
  void noSecretIsInALogOrAFileAndTheDataDirectoryIsTheOwnersOnly() throws Exception {
    String db = "db-secret-" + System.nanoTime();
    String smarthost = "smarthost-secret-" + System.nanoTime();
    PostroomServer s =
        PostroomServer.builder("secrets")
            .env("POSTROOM_DB_PASSWORD", db)
            .env("POSTROOM_RELAY_SMARTHOST", "127.0.0.1:" + FreePort.any())
            .env("POSTROOM_RELAY_SMARTHOST_USER", "relay-user")
            .env("POSTROOM_RELAY_SMARTHOST_PASSWORD", smarthost)
            .start();
    try {
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(null, new TrustManager[] {TRUST_ANY}, null);
      HttpResponse<String> r =
          HttpClient.newBuilder()
              .sslContext(ctx)
              .build()
              .send(
                  HttpRequest.newBuilder(
                          URI.create(
                              "https://127.0.0.1:"
                                  + s.port("POSTROOM_HTTPS_PORT")
                                  + "/login.xhtml"))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode())
          .as("HTTPS works with the password Payara was not shown")
          .isEqualTo(200);
      String apiToken =
          AdminApiIT.secretOf(s.asAdmin("POST", "/api/admin/tokens", "{\"name\":\"secret scan\"}"));
      Path data = s.dataDir();
      Path keystorePasswordFile = data.resolve("tls").resolve("keystore.password");
      String keystore = Files.readString(keystorePasswordFile).strip();
      Map<String, String> secrets =
          Map.of(
              "admin password", PostroomServer.ADMIN_PASSWORD,
              "keystore password", keystore,
              "database password", db,
              "smarthost password", smarthost,
              "API token", apiToken);
      String log = s.log();
      secrets.forEach(
          (what, secret) ->
              assertThat(log).as("the server log holds the " + what).doesNotContain(secret));
      Path tmp = data.resolve("tmp");
      List<String> readable = new java.util.ArrayList<>();
      try (var all = Files.walk(data)) {
        for (Path p : (Iterable<Path>) all::iterator) {
          if (p.startsWith(tmp) && !p.equals(tmp)) {
            continue; // Payara's unpacked runtime, inside a directory only the owner can enter
          }
          String mode = PosixFilePermissions.toString(Files.getPosixFilePermissions(p));
          if (!mode.equals(Files.isDirectory(p) ? "rwx------" : "rw-------")) {
            readable.add(data.relativize(p) + " " + mode);
          }
          if (Files.isRegularFile(p) && !p.equals(keystorePasswordFile)) {
            String content = new String(Files.readAllBytes(p), StandardCharsets.ISO_8859_1);
            secrets.forEach(
                (what, secret) ->
                    assertThat(content)
                        .as(data.relativize(p) + " holds the " + what)
                        .doesNotContain(secret));
          }
        }
      }
      assertThat(readable).as("files and directories others could read").isEmpty();
    } finally {
      s.stop();
    }
  }

  @Test
  void everyPageCarriesTheSecurityHeaders() {
    HttpResponse<String> r =
        PostroomServer.shared().request("GET", "/login.xhtml", null, null, null);
    assertThat(r.headers().firstValue("Content-Security-Policy").orElse(""))
        .contains("default-src 'self'", "script-src 'self'", "frame-ancestors 'none'")
        .doesNotContain("unsafe-inline");
    assertThat(r.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
    assertThat(r.headers().firstValue("Referrer-Policy")).hasValue("no-referrer");
    assertThat(r.body()).doesNotContain("<script>").doesNotContain(" onclick=");
  }

  private static HttpClient trustingClient() throws Exception {
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(null, new TrustManager[] {TRUST_ANY}, null);
    return HttpClient.newBuilder().sslContext(ctx).build();
  }

  private static String httpsUrl(PostroomServer server, String path) {
    return "https://127.0.0.1:" + server.port("POSTROOM_HTTPS_PORT") + path;
  }

  @Test
  void httpsAnswersTellBrowsersToStayOnHttps() throws Exception {
    PostroomServer server = PostroomServer.shared();
    HttpResponse<String> secure =
        trustingClient()
            .send(
                HttpRequest.newBuilder(URI.create(httpsUrl(server, "/login.xhtml"))).build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(secure.headers().firstValue("Strict-Transport-Security"))
        .hasValue("max-age=31536000");
    HttpResponse<String> plain = server.request("GET", "/login.xhtml", null, null, null);
    assertThat(plain.headers().firstValue("Strict-Transport-Security")).isEmpty();
  }

  private static HttpResponse<String> postUser(
      PostroomServer server, String address, Map<String, String> headers) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(server.baseUrl() + "/api/admin/users"))
            .header(
                "Authorization",
                "Basic "
                    + java.util.Base64.getEncoder()
                        .encodeToString(
                            (PostroomServer.ADMIN + ":" + PostroomServer.ADMIN_PASSWORD)
                                .getBytes(StandardCharsets.UTF_8)))
            .header("Content-Type", "application/json")
            .POST(
                HttpRequest.BodyPublishers.ofString(
                    "{\"address\":\"" + address + "\",\"password\":\"a-long-password-1\"}"));
    headers.forEach(b::header);
    return HttpClient.newHttpClient().send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  /**
   * A browser on another site that makes a signed-in user's browser post to Postroom is refused
   * before anything runs, even with valid credentials; Postroom's own pages and scripts without a
   * browser's headers are not.
   */
  @Test
  void aRequestABrowserSentFromAnotherSiteIsRefusedAndChangesNothing() throws Exception {
    PostroomServer server = PostroomServer.shared();
    String host = URI.create(server.baseUrl()).getAuthority();

    HttpResponse<String> evil =
        postUser(
            server,
            "crosssite1@" + PostroomServer.DOMAIN,
            Map.of("Origin", "https://evil.example"));
    assertThat(evil.statusCode()).isEqualTo(403);
    assertThat(evil.body()).contains("another site", "https://evil.example");
    assertThat(evil.headers().firstValue("Content-Security-Policy")).isPresent();
    HttpResponse<String> fetched =
        postUser(
            server, "crosssite2@" + PostroomServer.DOMAIN, Map.of("Sec-Fetch-Site", "cross-site"));
    assertThat(fetched.statusCode()).isEqualTo(403);
    assertThat(
            server
                .asAdmin("GET", "/api/admin/users/crosssite1@" + PostroomServer.DOMAIN, null)
                .statusCode())
        .isEqualTo(404);
    assertThat(
            server
                .asAdmin("GET", "/api/admin/users/crosssite2@" + PostroomServer.DOMAIN, null)
                .statusCode())
        .isEqualTo(404);

    HttpResponse<String> login =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create(server.baseUrl() + "/login.xhtml"))
                    .header("Origin", "null")
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("a=b"))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(login.statusCode()).isEqualTo(403);

    assertThat(
            postUser(
                    server,
                    "crosssite3@" + PostroomServer.DOMAIN,
                    Map.of("Origin", "http://" + host, "Sec-Fetch-Site", "same-origin"))
                .statusCode())
        .isEqualTo(201);
    assertThat(postUser(server, "crosssite4@" + PostroomServer.DOMAIN, Map.of()).statusCode())
        .isEqualTo(201);
  }

  /** Payara's JVM and server figures are not for anyone who asks, on either listener. */
  @Test
  void metricsDoNotAnswerAnonymously() throws Exception {
    PostroomServer server = PostroomServer.shared();
    HttpResponse<String> plain = server.request("GET", "/metrics", null, null, null);
    HttpResponse<String> secure =
        trustingClient()
            .send(
                HttpRequest.newBuilder(URI.create(httpsUrl(server, "/metrics"))).build(),
                HttpResponse.BodyHandlers.ofString());
    for (HttpResponse<String> r : List.of(plain, secure)) {
      assertThat(r.statusCode()).isIn(401, 403, 404);
      assertThat(r.body()).doesNotContain("jvm_", "base_", "memory");
    }
  }

  /**
   * Written to a file (as under systemd or a redirect), the console log carries no ANSI colour
   * codes, and a mail log line is plain {@code key=value} that grep and awk can take apart.
   */
  @Test
  void theLogWrittenToAFileHasNoColourCodesAndMailLinesAreKeyValue() throws Exception {
    PostroomServer server = PostroomServer.shared();
    String id = "plain-log-" + System.nanoTime() + "@remote.test";
    try (SmtpClient c = SmtpClient.connect(server.smtpPort())) {
      c.script("C: EHLO remote.test", "S: 250");
      assertThat(
              c.sendMail(
                  "sender@remote.test",
                  List.of(PostroomServer.ADMIN),
                  SmtpClient.message(id, "plain log")))
          .startsWith("250");
    }
    long deadline = System.nanoTime() + java.util.concurrent.TimeUnit.SECONDS.toNanos(20);
    while (!server.log().contains(id) && System.nanoTime() < deadline) {
      Thread.sleep(200);
    }
    String log = server.log();
    assertThat(log).contains("PayaraMicro", id).doesNotContain("\u001b[");
    String line = log.lines().filter(l -> l.contains(id)).findFirst().orElseThrow();
    assertThat(line)
        .containsPattern("mail id=\\S+ channel=mx client=127\\.0\\.0\\.1 from=<sender@remote.test>")
        .contains("message-id=<" + id + ">", "result=\"250");
  }
}
