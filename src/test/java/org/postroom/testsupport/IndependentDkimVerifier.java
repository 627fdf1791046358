package org.postroom.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Debian's python3-dkim as an independent DKIM verifier (src/test/python/dkim_verify.py), resolving
 * keys only through the loopback dnsmasq of the test, never the system resolver.
 */
public final class IndependentDkimVerifier {
  private static final Path SCRIPT = Path.of("src", "test", "python", "dkim_verify.py");

  private IndependentDkimVerifier() {}

  /** "pass", or "fail: ..." with the verifier's last log lines. */
  public static String verify(byte[] message, DnsServer dns) {
    try {
      Process p =
          new ProcessBuilder(
                  List.of(
                      "/usr/bin/python3",
                      SCRIPT.toAbsolutePath().toString(),
                      String.valueOf(dns.port())))
              .redirectErrorStream(true)
              .start();
      try (var in = p.getOutputStream()) {
        in.write(message);
      }
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new AssertionError("dkim_verify.py did not finish within 60 s");
      }
      return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
