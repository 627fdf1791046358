package org.postroom.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs helper commands (initdb, postfix, dnsmasq) with a time bound and their output on failure.
 */
public final class Processes {
  private Processes() {}

  public record Result(int exit, String output) {}

  public static Result run(List<String> command, int timeoutSeconds) {
    try {
      Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
      byte[] out = p.getInputStream().readAllBytes();
      if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IllegalStateException("timed out: " + command);
      }
      return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Runs and fails with the command's output unless it exits 0. */
  public static String check(List<String> command, int timeoutSeconds) {
    Result r = run(command, timeoutSeconds);
    if (r.exit() != 0) {
      throw new IllegalStateException(
          "command failed (" + r.exit() + "): " + command + "\n" + r.output());
    }
    return r.output();
  }

  public static boolean isRoot() {
    return "root".equals(System.getProperty("user.name"));
  }
}
