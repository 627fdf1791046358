package org.postroom.it;

import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.postroom.testsupport.SmtpClient;

/**
 * The load of the kill -9 test, as a process of its own: {@code threads} concurrent SMTP sessions
 * send messages with unique Message-IDs, one per connection, most to the MX and every fourth as
 * alice over implicit-TLS submission, and append each message's outcome to a file the moment the
 * reply to the final dot arrives: {@code message-id TAB reply-code TAB recipients}. Runs until the
 * file {@code <out>.stop} appears or {@code seconds} pass; connection failures (the server being
 * killed) are retried with a new message.
 *
 * <p>Usage: {@code LoadSender mxPort submissionsPort threads seconds out prefix password}
 */
public final class LoadSender {
  /** Recipient sets by message number: aliases included (team = alice + bob). */
  static final List<List<String>> RECIPIENTS =
      List.of(
          List.of("alice@example.test", "team@example.test"),
          List.of("carol@example.test", "team@example.test"),
          List.of("bob@example.test"),
          List.of("carol@example.test", "alice@example.test"));

  private LoadSender() {}

  public static void main(String[] args) throws Exception {
    int mx = Integer.parseInt(args[0]);
    int submissions = Integer.parseInt(args[1]);
    int threads = Integer.parseInt(args[2]);
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(Integer.parseInt(args[3]));
    Path out = Path.of(args[4]);
    Path stop = Path.of(args[4] + ".stop");
    String prefix = args[5];
    String password = args[6];
    AtomicInteger seq = new AtomicInteger();
    try (PrintWriter log = new PrintWriter(Files.newBufferedWriter(out, StandardCharsets.UTF_8))) {
      List<Thread> workers = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        Thread w =
            new Thread(
                () -> {
                  while (System.nanoTime() < deadline && !Files.exists(stop)) {
                    int n = seq.incrementAndGet();
                    String id = prefix + "-" + n + "@load.test";
                    List<String> to = RECIPIENTS.get(n % RECIPIENTS.size());
                    String code = send(n % 4 == 0 ? submissions : mx, n % 4 == 0, id, to, password);
                    if (code != null) {
                      synchronized (log) {
                        log.println(
                            id
                                + "\t"
                                + code
                                + "\t"
                                + String.join(",", to)
                                + "\t"
                                + (n % 4 == 0 ? "submission" : "mx"));
                        log.flush();
                      }
                    } else {
                      pause(200);
                    }
                  }
                });
        w.start();
        workers.add(w);
      }
      for (Thread w : workers) {
        w.join();
      }
    }
  }

  /** One message on one connection; the reply code to the final dot, or null without one. */
  static String send(int port, boolean submission, String id, List<String> to, String password) {
    String from = submission ? "alice@example.test" : "load@remote.test";
    String message =
        "From: <"
            + from
            + ">\r\nTo: <"
            + to.get(0)
            + ">\r\nSubject: durability "
            + id
            + "\r\nMessage-ID: <"
            + id
            + ">\r\n\r\n"
            + ("The quick brown fox jumps over the lazy dog. " + id + "\r\n").repeat(40);
    try (SmtpClient c = SmtpClient.connect("127.0.0.1", "127.0.0.1", port, submission)) {
      c.setTimeout(60_000);
      c.command("EHLO load.test");
      if (submission) {
        String auth = c.authPlain("alice@example.test", password);
        if (auth == null || !auth.startsWith("235")) {
          return null;
        }
      }
      String reply = c.sendMail(from, to, message);
      if (reply == null) {
        return null;
      }
      try {
        c.command("QUIT");
      } catch (UncheckedIOException | AssertionError e) {
        // the reply is what counts; the server may be gone by now
      }
      return reply.substring(0, 3);
    } catch (RuntimeException | AssertionError e) {
      return null; // the server went away mid-conversation: no reply, no claim
    }
  }

  private static void pause(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
