package org.postroom.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.postroom.testsupport.PostroomServer;
import org.postroom.testsupport.SmtpClient;

/**
 * A 250 to DATA means stored: the shipped jar on its default configuration (H2 in the data
 * directory) is killed with {@code kill -9} at random moments while a separate process sends on 20
 * concurrent sessions; after each kill, every Message-ID that got a 250 is in the store exactly
 * once per recipient account (aliases resolved), and no message is there twice.
 */
class SmtpDurabilityIT {
  static final int SESSIONS = 20;
  static final int ROUNDS = 5;
  static final String PASSWORD = "durability-password-1";
  static PostroomServer server;

  @AfterAll
  static void stop() {
    if (server != null) {
      server.stop();
    }
  }

  @Test
  void everyAcknowledgedMessageSurvivesKillMinus9ExactlyOncePerRecipient() throws Exception {
    server = PostroomServer.builder("durability").start();
    for (String u : List.of("alice", "bob", "carol")) {
      server.createUser(u + "@example.test", PASSWORD, u);
    }
    assertThat(
            server
                .asAdmin(
                    "POST",
                    "/api/admin/aliases",
                    "{\"address\":\"team@example.test\",\"targets\":[\"alice@example.test\","
                        + "\"bob@example.test\"]}")
                .statusCode())
        .isEqualTo(201);
    long seed = System.nanoTime();
    Random random = new Random(seed);
    Path dir = server.dataDir().resolveSibling(server.dataDir().getFileName() + "-load");
    Files.createDirectories(dir);
    Map<String, Map<String, Integer>> acknowledged = new TreeMap<>();
    int refused = 0;
    for (int round = 1; round <= ROUNDS; round++) {
      Path out = dir.resolve("round-" + round + ".tsv");
      Process sender = startSender(out, "r" + round + "-" + seed);
      try {
        int atLeast = 50 + random.nextInt(150);
        awaitLines(out, atLeast, 180, sender);
        Thread.sleep(random.nextInt(2000));
        server.kill();
        Thread.sleep(1000);
      } finally {
        Files.writeString(Path.of(out + ".stop"), "");
        if (!sender.waitFor(60, TimeUnit.SECONDS)) {
          sender.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
      }
      for (String line : Files.readAllLines(out)) {
        String[] f = line.split("\t");
        if (f[1].equals("250")) {
          acknowledged.put(
              f[0], expectedCopies(List.of(f[2].split(",")), f[3].equals("submission")));
        } else {
          refused++;
        }
      }
      Map<String, Map<String, Integer>> stored = server.readStore(SmtpDurabilityIT::copies);
      for (Map.Entry<String, Map<String, Integer>> a : acknowledged.entrySet()) {
        assertThat(stored.get(a.getKey()))
            .as(
                "copies of %s (acknowledged with 250) after kill %d, seed %d",
                a.getKey(), round, seed)
            .isEqualTo(a.getValue());
      }
      for (Map.Entry<String, Map<String, Integer>> s : stored.entrySet()) {
        assertThat(s.getValue().values())
            .as("%s stored more than once in a mailbox (seed %d)", s.getKey(), seed)
            .allMatch(n -> n == 1);
      }
      server.startAgain();
    }
    assertThat(acknowledged)
        .as("acknowledged messages over %d rounds", ROUNDS)
        .hasSizeGreaterThan(150);
    assertThat(refused).as("refusals other than by the kill").isZero();
    try (SmtpClient c = SmtpClient.connect(server.smtpPort())) {
      c.command("EHLO after.test");
      assertThat(
              c.sendMail(
                  "a@remote.test",
                  List.of("carol@example.test"),
                  SmtpClient.message("after-" + seed + "@load.test", "after the kills")))
          .startsWith("250 2.0.0");
    }
  }

  /** The sender as its own JVM, on this test's classpath. */
  private static Process startSender(Path out, String prefix) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(LoadSender.class.getName());
    cmd.add(String.valueOf(server.smtpPort()));
    cmd.add(String.valueOf(server.submissionsPort()));
    cmd.add(String.valueOf(SESSIONS));
    cmd.add("300");
    cmd.add(out.toString());
    cmd.add(prefix);
    cmd.add(PASSWORD);
    return new ProcessBuilder(cmd)
        .redirectErrorStream(true)
        .redirectOutput(Path.of(out + ".log").toFile())
        .start();
  }

  private static void awaitLines(Path out, int lines, int seconds, Process sender)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (count(out) < lines) {
      if (!sender.isAlive() || System.nanoTime() > deadline) {
        throw new AssertionError(
            "the sender recorded " + count(out) + " of " + lines + " replies; see " + out + ".log");
      }
      Thread.sleep(100);
    }
  }

  private static long count(Path out) {
    try {
      return Files.exists(out) ? Files.readAllLines(out).size() : 0;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** One copy per account: team@ is alice and bob, and an account named twice counts once. */
  /**
   * One copy per recipient account, and for mail alice submitted one copy in her Sent folder (filed
   * in the transaction that acknowledged it).
   */
  static Map<String, Integer> expectedCopies(List<String> recipients, boolean submitted) {
    Set<String> accounts = new LinkedHashSet<>();
    for (String r : recipients) {
      if (r.startsWith("team@")) {
        accounts.add("alice@example.test");
        accounts.add("bob@example.test");
      } else {
        accounts.add(r);
      }
    }
    Map<String, Integer> m = new HashMap<>();
    accounts.forEach(a -> m.put(a, 1));
    if (submitted) {
      m.put("alice@example.test " + SENT, 1);
    }
    return m;
  }

  private static final String SENT = "(Sent)";

  /**
   * Message-ID (without brackets) to account address, with " (Sent)" for the Sent folder, to number
   * of stored copies.
   */
  static Map<String, Map<String, Integer>> copies(java.sql.Connection c)
      throws java.sql.SQLException {
    Map<String, Map<String, Integer>> out = new HashMap<>();
    try (var ps =
            c.prepareStatement(
                "select m.message_id, a.address, f.role = 'SENT', count(*) from message m"
                    + " join account a on a.id = m.account_id"
                    + " join folder f on f.id = m.folder_id"
                    + " where m.message_id like '%@load.test%'"
                    + " group by m.message_id, a.address, f.role = 'SENT'");
        ResultSet rs = ps.executeQuery()) {
      while (rs.next()) {
        String id = rs.getString(1).replaceAll("^<|>$", "");
        String where = rs.getString(2) + (rs.getBoolean(3) ? " " + SENT : "");
        out.computeIfAbsent(id, k -> new HashMap<>()).put(where, rs.getInt(4));
      }
    }
    return out;
  }
}
