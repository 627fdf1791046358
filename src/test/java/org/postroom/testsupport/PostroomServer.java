package org.postroom.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The shipped {@code target/postroom.jar}, started as its own process on loopback with free ports,
 * exactly as a user starts it ({@code java -jar}). One shared instance serves the black-box tests;
 * tests that restart, kill or misconfigure the server start their own.
 */
public final class PostroomServer implements AutoCloseable {
  public static final String DOMAIN = "example.test";
  public static final String ADMIN = "postmaster@" + DOMAIN;
  public static final String ADMIN_PASSWORD = "postmaster-secret-1";

  private static PostroomServer shared;
  private static Peers sharedPeers;

  private final Map<String, String> env;
  private final Path dataDir;
  private final Path log;
  private Process process;
  private int logOffset;

  private PostroomServer(Map<String, String> env, Path dataDir) {
    this.env = env;
    this.dataDir = dataDir;
    this.log = dataDir.resolveSibling(dataDir.getFileName() + ".log");
  }

  /** The instance most black-box tests share: example.test, postmaster with a known password. */
  public static synchronized PostroomServer shared() {
    if (shared == null) {
      Builder b = builder("shared");
      sharedPeers = b.startPeers("shared");
      shared = b.start();
      PostroomServer s = shared;
      Runtime.getRuntime().addShutdownHook(new Thread(s::stop));
    }
    return shared;
  }

  /** dnsmasq and Postfix wired to the shared server (its DNS and its foreign MX). */
  public static synchronized Peers sharedPeers() {
    shared();
    return sharedPeers;
  }

  public static Builder builder(String name) {
    return new Builder(name);
  }

  /** Configures one server; every port is free and every listener binds to 127.0.0.1. */
  public static final class Builder {
    private final Map<String, String> env = new LinkedHashMap<>();
    private final Path dataDir;

    Builder(String name) {
      dataDir = Path.of("target", "it-servers", name + "-" + System.nanoTime()).toAbsolutePath();
      env.put("POSTROOM_BIND_ADDRESS", "127.0.0.1");
      env.put("POSTROOM_DATA_DIR", dataDir.toString());
      env.put("POSTROOM_HTTP_PORT", String.valueOf(FreePort.any()));
      env.put("POSTROOM_HTTPS_PORT", String.valueOf(FreePort.any()));
      env.put("POSTROOM_SMTP_PORT", String.valueOf(FreePort.any()));
      env.put("POSTROOM_SUBMISSION_PORT", String.valueOf(FreePort.any()));
      env.put("POSTROOM_SUBMISSIONS_PORT", String.valueOf(FreePort.any()));
      env.put("POSTROOM_DOMAIN", DOMAIN);
      env.put("POSTROOM_ADMIN_PASSWORD", ADMIN_PASSWORD);
      // never the machine's resolvers: an unused loopback port answers nothing
      env.put("POSTROOM_DNS_SERVERS", "127.0.0.1:" + FreePort.any());
      // the MX's envelope checks need real DNS answers for every sender domain; the tests of other
      // features send from made-up domains, so the checks are off unless a test (SpamDefenceIT)
      // turns them on as they ship
      env.put("POSTROOM_SPAM_SENDER_DOMAIN_CHECK", "false");
      env.put("POSTROOM_SPAM_DNSBL_ZONES", "none");
      env.put("POSTROOM_SPAM_RHSBL_ZONES", "none");
    }

    /**
     * Starts dnsmasq and Postfix for this server: Postfix relays our domain into this server's MX,
     * and this server resolves through dnsmasq and relays to Postfix's port.
     */
    public Peers startPeers(String name) {
      Peers p = Peers.start(name, DOMAIN, Integer.parseInt(env.get("POSTROOM_SMTP_PORT")));
      env.put("POSTROOM_DNS_SERVERS", p.dns().address());
      env.put("POSTROOM_RELAY_PORT", String.valueOf(p.postfix().mxPort()));
      return p;
    }

    public String env(String name) {
      return env.get(name);
    }

    public Builder env(String name, String value) {
      if (value == null) {
        env.remove(name);
      } else {
        env.put(name, value);
      }
      return this;
    }

    /** Starts and waits until Postroom says it is ready. */
    public PostroomServer start() {
      PostroomServer s = new PostroomServer(env, dataDir);
      s.launch();
      s.awaitReady();
      return s;
    }

    /** Starts and waits for the process to end by itself (bad configuration); returns it. */
    public PostroomServer startExpectingExit() {
      PostroomServer s = new PostroomServer(env, dataDir);
      s.launch();
      try {
        if (!s.process.waitFor(180, TimeUnit.SECONDS)) {
          s.process.destroyForcibly();
          throw new AssertionError("Postroom did not stop by itself; log:\n" + s.log());
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return s;
    }
  }

  private void launch() {
    try {
      Files.createDirectories(dataDir.getParent());
      logOffset = log().length();
      List<String> cmd = new ArrayList<>();
      cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
      cmd.add("-Xmx512m");
      cmd.add("-XX:+UseSerialGC");
      cmd.add("-XX:TieredStopAtLevel=1");
      cmd.add("-jar");
      cmd.add(jar().toString());
      ProcessBuilder pb = new ProcessBuilder(cmd);
      pb.environment().keySet().removeIf(k -> k.startsWith("POSTROOM_"));
      pb.environment().putAll(env);
      pb.redirectErrorStream(true);
      pb.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
      process = pb.start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void awaitReady() {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(240);
    while (System.nanoTime() < deadline) {
      String out = log().substring(Math.min(logOffset, log().length()));
      if (out.contains("postroom: ready on")) {
        return;
      }
      if (!process.isAlive()) {
        throw new AssertionError("Postroom exited with " + process.exitValue() + ":\n" + tail(out));
      }
      sleep(250);
    }
    process.destroyForcibly();
    throw new AssertionError("Postroom was not ready within 240 s:\n" + tail(log()));
  }

  private static Path jar() {
    Path jar = Path.of(System.getProperty("postroom.jar", "target/postroom.jar"));
    if (!Files.isRegularFile(jar)) {
      throw new IllegalStateException(jar + " is missing: run mvn package first");
    }
    return jar;
  }

  // ---- addresses

  public String env(String name) {
    return env.get(name);
  }

  public int port(String envName) {
    return Integer.parseInt(env.get(envName));
  }

  public String baseUrl() {
    return "http://127.0.0.1:" + port("POSTROOM_HTTP_PORT");
  }

  public int smtpPort() {
    return port("POSTROOM_SMTP_PORT");
  }

  public int submissionPort() {
    return port("POSTROOM_SUBMISSION_PORT");
  }

  public int submissionsPort() {
    return port("POSTROOM_SUBMISSIONS_PORT");
  }

  public Path dataDir() {
    return dataDir;
  }

  public String log() {
    try {
      return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
    } catch (IOException e) {
      return "";
    }
  }

  public Process process() {
    return process;
  }

  // ---- lifecycle

  /** SIGTERM and wait (bounded) for a graceful exit. */
  public void stop() {
    if (process != null && process.isAlive()) {
      process.destroy();
      try {
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
          process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** {@code kill -9}: no shutdown hooks, no flushing. */
  public void kill() {
    if (process != null && process.isAlive()) {
      process.destroyForcibly();
      try {
        process.waitFor(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** Starts again on the same data directory and ports. */
  public void restart() {
    stop();
    launch();
    awaitReady();
  }

  /** Starts again after {@link #kill()}, on the same data directory and ports. */
  public void startAgain() {
    launch();
    awaitReady();
  }

  @Override
  public void close() {
    stop();
  }

  // ---- HTTP helpers for API tests

  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();

  public HttpResponse<String> request(
      String method, String path, String user, String password, String jsonBody) {
    return send(
        method,
        path,
        user == null
            ? null
            : "Basic "
                + Base64.getEncoder()
                    .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)),
        jsonBody);
  }

  private HttpResponse<String> send(
      String method, String path, String authorization, String jsonBody) {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create(baseUrl() + path)).timeout(Duration.ofSeconds(60));
    if (authorization != null) {
      b.header("Authorization", authorization);
    }
    if (jsonBody != null) {
      b.header("Content-Type", "application/json");
      b.method(method, HttpRequest.BodyPublishers.ofString(jsonBody));
    } else {
      b.method(method, HttpRequest.BodyPublishers.noBody());
    }
    try {
      try {
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
      } catch (IOException e) {
        // a kept-alive connection the server has just closed ends in EOF before any answer;
        // the JDK client retries only GET on its own, so an idempotent method gets one more try
        if (method.equals("POST") || !String.valueOf(e.getMessage()).contains("EOF")) {
          throw e;
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private String adminToken;

  /**
   * As the admin, through an API token made once per server with the password (as a script would):
   * a password check costs a 600,000-iteration hash, a token check a SHA-256.
   */
  public HttpResponse<String> asAdmin(String method, String path, String jsonBody) {
    HttpResponse<String> r = send(method, path, "Bearer " + adminToken(false), jsonBody);
    return r.statusCode() == 401 ? send(method, path, "Bearer " + adminToken(true), jsonBody) : r;
  }

  private synchronized String adminToken(boolean renew) {
    if (adminToken == null || renew) {
      HttpResponse<String> r =
          request(
              "POST", "/api/admin/tokens", ADMIN, ADMIN_PASSWORD, "{\"name\":\"test support\"}");
      java.util.regex.Matcher m =
          java.util.regex.Pattern.compile("\"token\":\"(prt_[^\"]+)\"").matcher(r.body());
      if (r.statusCode() != 201 || !m.find()) {
        throw new AssertionError("no API token for the admin: " + r.statusCode() + " " + r.body());
      }
      adminToken = m.group(1);
    }
    return adminToken;
  }

  /** Creates a user through the admin API and fails the test if that does not work. */
  public void createUser(String address, String password, String displayName) {
    HttpResponse<String> r =
        asAdmin(
            "POST",
            "/api/admin/users",
            "{\"address\":\""
                + address
                + "\",\"password\":\""
                + password
                + "\",\"displayName\":\""
                + displayName
                + "\"}");
    if (r.statusCode() != 201) {
      throw new AssertionError("creating " + address + ": " + r.statusCode() + " " + r.body());
    }
  }

  /**
   * Imports mail into a user's mailbox through the admin API (one message, or an mbox with {@code
   * contentType} application/mbox) and returns the new message ids.
   */
  public List<Long> importMail(String address, String folder, String contentType, byte[] body) {
    String query =
        folder == null
            ? ""
            : "?folder=" + java.net.URLEncoder.encode(folder, StandardCharsets.UTF_8);
    HttpRequest r =
        HttpRequest.newBuilder(
                URI.create(baseUrl() + "/api/admin/users/" + address + "/messages" + query))
            .timeout(Duration.ofSeconds(120))
            .header(
                "Authorization",
                "Basic "
                    + Base64.getEncoder()
                        .encodeToString(
                            (ADMIN + ":" + ADMIN_PASSWORD).getBytes(StandardCharsets.UTF_8)))
            .header("Content-Type", contentType)
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build();
    try {
      HttpResponse<String> res = HTTP.send(r, HttpResponse.BodyHandlers.ofString());
      if (res.statusCode() != 201) {
        throw new AssertionError(
            "import into " + address + ": " + res.statusCode() + " " + res.body());
      }
      List<Long> ids = new ArrayList<>();
      java.util.regex.Matcher m =
          java.util.regex.Pattern.compile("\\[([0-9,]*)\\]").matcher(res.body());
      if (m.find() && !m.group(1).isEmpty()) {
        for (String id : m.group(1).split(",")) {
          ids.add(Long.parseLong(id));
        }
      }
      return ids;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Imports one message given as text (lines end in CRLF) and returns its id. */
  public long importMessage(String address, String folder, String message) {
    return importMail(
            address,
            folder,
            "message/rfc822",
            message.replace("\r\n", "\n").replace("\n", "\r\n").getBytes(StandardCharsets.UTF_8))
        .get(0);
  }

  /** Work on the embedded database of a stopped server. */
  @FunctionalInterface
  public interface StoreWork<T> {
    T run(java.sql.Connection c) throws java.sql.SQLException;
  }

  /**
   * Reads the H2 database in the data directory directly, as it is on disk; only while the process
   * is not running (after {@link #stop()} or {@link #kill()}), since H2 locks the file.
   */
  public <T> T readStore(StoreWork<T> work) {
    if (process != null && process.isAlive()) {
      throw new IllegalStateException("stop or kill the server before reading its store");
    }
    // read-only: the test looks at what the server left and changes nothing of it
    String url =
        "jdbc:h2:file:" + dataDir.resolve("db").resolve("postroom") + ";ACCESS_MODE_DATA=r";
    try (java.sql.Connection c =
        java.sql.DriverManager.getConnection(url, "postroom", "postroom")) {
      return work.run(c);
    } catch (java.sql.SQLException e) {
      throw new IllegalStateException("reading " + url, e);
    }
  }

  /** Bytes stored for an account, from the admin API (grows with every copy delivered to it). */
  public long usedBytes(String address) {
    HttpResponse<String> r = asAdmin("GET", "/api/admin/users/" + address, null);
    var m = java.util.regex.Pattern.compile("\"usedBytes\":(\\d+)").matcher(r.body());
    if (r.statusCode() != 200 || !m.find()) {
      throw new AssertionError("reading " + address + ": " + r.statusCode() + " " + r.body());
    }
    return Long.parseLong(m.group(1));
  }

  /** The mail log lines matching the text (admin API), as JSON. */
  public String mailLog(String query) {
    HttpResponse<String> r =
        asAdmin(
            "GET",
            "/api/admin/mail-log?limit=500&q="
                + java.net.URLEncoder.encode(query, StandardCharsets.UTF_8),
            null);
    if (r.statusCode() != 200) {
      throw new AssertionError("mail log: " + r.statusCode() + " " + r.body());
    }
    return r.body();
  }

  /** Changes a runtime setting through the admin API. */
  public void setSetting(String key, String value) {
    HttpResponse<String> r =
        asAdmin("PUT", "/api/admin/settings/" + key, "{\"value\":\"" + value + "\"}");
    if (r.statusCode() != 200) {
      throw new AssertionError("setting " + key + ": " + r.statusCode() + " " + r.body());
    }
  }

  private static String tail(String s) {
    return s.length() > 6000 ? s.substring(s.length() - 6000) : s;
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
