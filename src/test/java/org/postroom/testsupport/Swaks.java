package org.postroom.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Debian's swaks as an SMTP client for black-box tests: one message, the whole dialogue back. */
public final class Swaks {
  private static final Pattern POSTFIX_QUEUE_ID = Pattern.compile("queued as ([0-9A-F]+)");

  private Swaks() {}

  /**
   * Sends one message.
   *
   * @param args swaks arguments, e.g. {@code --server 127.0.0.1 --port 2587 --tls ...}
   * @return swaks's transcript (client and server lines)
   */
  public static String send(String... args) {
    List<String> cmd = new ArrayList<>(List.of("swaks", "--timeout", "30", "--hide-informational"));
    cmd.addAll(List.of(args));
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      p.getOutputStream().close();
      byte[] out = p.getInputStream().readAllBytes();
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError("swaks did not finish within 60 s");
      }
      return new String(out, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** The queue id a Postfix server gave the message ("queued as ..."). */
  public static String postfixQueueId(String transcript) {
    Matcher m = POSTFIX_QUEUE_ID.matcher(transcript);
    if (!m.find()) {
      throw new AssertionError("Postfix did not queue the message:\n" + transcript);
    }
    return m.group(1);
  }
}
