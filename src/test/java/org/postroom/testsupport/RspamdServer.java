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
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's rspamd and redis-server as a test peer: started on loopback with a private configuration
 * (the package's defaults from /etc/rspamd, read and never changed, with a private LOCAL_CONFDIR on
 * top: workers on free ports, a private Redis for the statistics, rspamd's resolver pointed at the
 * test dnsmasq so nothing is asked outside loopback). One test rule: a Subject containing {@value
 * #SPAMMY} scores 8, above "add header" (6) and under "reject" (15).
 */
public final class RspamdServer implements AutoCloseable {
  public static final String PASSWORD = "rspamd-test-controller-password";
  public static final String SPAMMY = "POSTROOM-TEST-SPAM-PHRASE";
  public static final String GTUBE =
      "XJS*C4JDBQADN1.NSBN3*2IDNEN*GTUBE-STANDARD-ANTI-UBE-TEST-EMAIL*C.34X";

  private final Path dir;
  private final String dns;
  private final int controllerPort = FreePort.any();
  private final int normalPort = FreePort.any();
  private final int redisPort = FreePort.any();
  private Process redis;
  private Process rspamd;

  private RspamdServer(Path dir, String dns) {
    this.dir = dir;
    this.dns = dns;
  }

  /** Starts Redis and rspamd, resolving through {@code dns} ("127.0.0.1:port"). */
  public static RspamdServer start(Path dir, String dns) {
    RspamdServer r = new RspamdServer(dir, dns);
    r.writeConfiguration();
    r.startRedis();
    r.startRspamd();
    Runtime.getRuntime().addShutdownHook(new Thread(r::close));
    return r;
  }

  /** The normal worker's URL (scanning), for {@code postroom.spam.rspamd.url}. */
  public String url() {
    return "http://127.0.0.1:" + normalPort;
  }

  /** The controller's URL (learning, statistics), for {@code postroom.spam.rspamd.controller}. */
  public String controllerUrl() {
    return "http://127.0.0.1:" + controllerPort;
  }

  private Path conf() {
    return dir.resolve("conf");
  }

  private void writeConfiguration() {
    try {
      for (String d : List.of("conf/local.d", "conf/override.d", "db", "run", "log")) {
        Files.createDirectories(dir.resolve(d));
      }
      Path o = conf().resolve("override.d");
      Path l = conf().resolve("local.d");
      write(
          o.resolve("worker-normal.inc"),
          "bind_socket = \"127.0.0.1:" + normalPort + "\";\ncount = 1;\n");
      write(
          o.resolve("worker-controller.inc"),
          "bind_socket = \"127.0.0.1:"
              + controllerPort
              + "\";\ncount = 1;\npassword = \""
              + PASSWORD
              + "\";\nenable_password = \""
              + PASSWORD
              + "\";\n");
      write(o.resolve("worker-proxy.inc"), "enabled = false;\n");
      write(o.resolve("worker-fuzzy.inc"), "enabled = false;\n");
      write(
          o.resolve("logging.inc"),
          "type = \"file\";\nfilename = \""
              + dir.resolve("log/rspamd.log")
              + "\";\nlevel = \"info\";\n");
      write(
          l.resolve("options.inc"),
          "dns { nameserver = [\"" + dns + "\"]; timeout = 1s; retransmits = 1; }\n");
      write(l.resolve("redis.conf"), "servers = \"127.0.0.1:" + redisPort + "\";\n");
      write(
          l.resolve("classifier-bayes.conf"),
          "backend = \"redis\";\nmin_learns = 1;\nautolearn = false;\n");
      write(conf().resolve("spammy.map"), "/" + SPAMMY + "/\n");
      write(
          l.resolve("multimap.conf"),
          "POSTROOM_TEST_SPAMMY {\n  type = \"header\";\n  header = \"Subject\";\n  regexp = true;\n"
              + "  map = \""
              + conf().resolve("spammy.map")
              + "\";\n  score = 8.0;\n  description = \"the test's spam phrase in the Subject\";\n}\n");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void write(Path p, String text) throws IOException {
    Files.writeString(p, text, StandardCharsets.UTF_8);
  }

  private void startRedis() {
    redis =
        launch(
            List.of(
                "redis-server",
                "--port",
                String.valueOf(redisPort),
                "--bind",
                "127.0.0.1",
                "--dir",
                dir.resolve("db").toString(),
                "--save",
                "",
                "--appendonly",
                "no",
                "--daemonize",
                "no"),
            "redis.log");
  }

  /** Starts rspamd (again) and waits until the controller answers. */
  public synchronized void startRspamd() {
    if (rspamd != null && rspamd.isAlive()) {
      return;
    }
    rspamd =
        launch(
            List.of(
                "rspamd",
                "-f",
                "-i",
                "-u",
                "root",
                "-g",
                "root",
                "-c",
                "/etc/rspamd/rspamd.conf",
                "--var=LOCAL_CONFDIR=" + conf(),
                "--var=DBDIR=" + dir.resolve("db"),
                "--var=RUNDIR=" + dir.resolve("run"),
                "--var=LOGDIR=" + dir.resolve("log")),
            "rspamd-stdout.log");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (System.nanoTime() < deadline) {
      if (!rspamd.isAlive()) {
        throw new IllegalStateException("rspamd exited; see " + dir.resolve("log"));
      }
      try {
        // both workers: the controller (statistics, learning) and the scanner
        if (get("/stat").contains("\"version\"") && ping(url()).equals("pong")) {
          return;
        }
      } catch (IOException e) {
        // not listening yet
      }
      sleep(250);
    }
    throw new IllegalStateException(
        "rspamd did not answer within 120 s; see " + dir.resolve("log"));
  }

  /** Stops rspamd (Redis stays), as a crashed or stopped filter would be. */
  public synchronized void stopRspamd() {
    if (rspamd != null) {
      rspamd.descendants().forEach(ProcessHandle::destroy);
      rspamd.destroy();
      try {
        if (!rspamd.waitFor(20, TimeUnit.SECONDS)) {
          rspamd.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      rspamd = null;
    }
  }

  /** The controller's statistics (as {@code rspamc stat} shows them), as JSON. */
  public String stat() {
    try {
      return get("/stat");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static String ping(String base) throws IOException {
    HttpRequest r =
        HttpRequest.newBuilder(URI.create(base + "/ping")).timeout(Duration.ofSeconds(5)).build();
    try {
      return HttpClient.newHttpClient()
          .send(r, HttpResponse.BodyHandlers.ofString())
          .body()
          .strip();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }

  private String get(String path) throws IOException {
    HttpRequest r =
        HttpRequest.newBuilder(URI.create(controllerUrl() + path))
            .timeout(Duration.ofSeconds(5))
            .header("Password", PASSWORD)
            .build();
    try {
      return HttpClient.newHttpClient().send(r, HttpResponse.BodyHandlers.ofString()).body();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }

  private Process launch(List<String> cmd, String logName) {
    try {
      return new ProcessBuilder(new ArrayList<>(cmd))
          .redirectErrorStream(true)
          .redirectOutput(
              ProcessBuilder.Redirect.appendTo(dir.resolve("log").resolve(logName).toFile()))
          .start();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public synchronized void close() {
    stopRspamd();
    if (redis != null) {
      redis.destroy();
      try {
        redis.waitFor(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      redis = null;
    }
  }
}
