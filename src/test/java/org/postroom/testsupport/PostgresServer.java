package org.postroom.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A throwaway PostgreSQL (Debian's package) on a free loopback port, started once per test JVM with
 * {@code initdb} in a temporary directory and stopped when the JVM exits. As root it runs as the
 * {@code postgres} user, since PostgreSQL refuses to run as root.
 */
public final class PostgresServer {
  private static PostgresServer shared;

  private final Path dir;
  private final int port;
  private final Path bin;

  private PostgresServer(Path dir, int port, Path bin) {
    this.dir = dir;
    this.port = port;
    this.bin = bin;
  }

  public static synchronized PostgresServer shared() {
    if (shared == null) {
      shared = start();
      PostgresServer s = shared;
      Runtime.getRuntime().addShutdownHook(new Thread(s::stop));
    }
    return shared;
  }

  /** A PostgreSQL of its own (for tests that stop and start it); stopped when the JVM exits. */
  public static PostgresServer startNew() {
    PostgresServer s = start();
    Runtime.getRuntime().addShutdownHook(new Thread(s::stop));
    return s;
  }

  private static PostgresServer start() {
    Path bin = findBin();
    try {
      Path dir = Files.createTempDirectory("postroom-pg-");
      int port = FreePort.any();
      if (Processes.isRoot()) {
        Processes.check(List.of("chown", "postgres:postgres", dir.toString()), 10);
      }
      Path data = dir.resolve("data");
      Processes.check(
          asPostgres(
              bin.resolve("initdb").toString(),
              "-D",
              data.toString(),
              "-U",
              "postgres",
              "--auth=trust",
              "-E",
              "UTF8",
              "--no-sync"),
          120);
      Processes.check(
          asPostgres(
              bin.resolve("pg_ctl").toString(),
              "-D",
              data.toString(),
              "-l",
              dir.resolve("server.log").toString(),
              "-w",
              "-t",
              "60",
              "-o",
              "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1 -c fsync=on",
              "start"),
          90);
      PostgresServer s = new PostgresServer(dir, port, bin);
      s.psql("create user postroom password 'postroom'");
      return s;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Creates a fresh database owned by the test user and returns its JDBC URL. */
  public String createDatabase(String name) {
    psql("create database " + name + " owner postroom");
    return url(name);
  }

  public String url(String database) {
    return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
  }

  public int port() {
    return port;
  }

  private void psql(String sql) {
    Processes.check(
        List.of(
            bin.resolve("psql").toString(),
            "-h",
            "127.0.0.1",
            "-p",
            String.valueOf(port),
            "-U",
            "postgres",
            "-d",
            "postgres",
            "-v",
            "ON_ERROR_STOP=1",
            "-c",
            sql),
        60);
  }

  /** Stops the server (fast, like a crash) but keeps its data for {@link #restart()}. */
  public void halt() {
    Processes.run(
        asPostgres(
            bin.resolve("pg_ctl").toString(),
            "-D",
            dir.resolve("data").toString(),
            "-m",
            "immediate",
            "stop"),
        60);
  }

  public void restart() {
    Processes.check(
        asPostgres(
            bin.resolve("pg_ctl").toString(),
            "-D",
            dir.resolve("data").toString(),
            "-l",
            dir.resolve("server.log").toString(),
            "-w",
            "-t",
            "60",
            "-o",
            "-p " + port + " -k " + dir + " -c listen_addresses=127.0.0.1",
            "start"),
        90);
  }

  private void stop() {
    Processes.run(
        asPostgres(
            bin.resolve("pg_ctl").toString(),
            "-D",
            dir.resolve("data").toString(),
            "-m",
            "immediate",
            "stop"),
        60);
    Processes.run(List.of("rm", "-rf", dir.toString()), 60);
  }

  private static List<String> asPostgres(String... command) {
    List<String> c = new ArrayList<>();
    if (Processes.isRoot()) {
      c.addAll(List.of("runuser", "-u", "postgres", "--"));
    }
    c.addAll(List.of(command));
    return c;
  }

  private static Path findBin() {
    try (var versions = Files.list(Path.of("/usr/lib/postgresql"))) {
      return versions
          .sorted(java.util.Comparator.reverseOrder())
          .map(v -> v.resolve("bin"))
          .filter(b -> Files.isExecutable(b.resolve("initdb")))
          .findFirst()
          .orElseThrow(() -> new IllegalStateException("no PostgreSQL under /usr/lib/postgresql"));
    } catch (IOException e) {
      throw new IllegalStateException(
          "PostgreSQL is not installed (scripts/install-test-deps.sh installs it)", e);
    }
  }
}
