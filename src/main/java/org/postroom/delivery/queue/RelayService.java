package org.postroom.delivery.queue;

import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HexFormat;
import org.postroom.db.Database;
import org.postroom.delivery.MailRouter;
import org.postroom.delivery.remote.MxRouting;
import org.postroom.delivery.remote.SmtpClient;
import org.postroom.dns.DnsResolver;
import org.postroom.server.Lifecycle;
import org.postroom.server.ServerSettings;

/**
 * Runs the relay inside Payara: starts it when Postroom has started, on threads from the
 * container's managed thread factory, and stops it (in-flight transactions finish, bounded) when
 * Postroom stops. This node's name for its leases is kept in the data directory, so a restarted
 * node frees at once what it held when it stopped or crashed.
 */
@ApplicationScoped
public class RelayService {
  private static final Duration STOP_GRACE = Duration.ofSeconds(10);

  @Inject Database db;
  @Inject ServerSettings settings;
  @Inject DnsResolver dns;
  @Inject MailRouter router;

  @Resource ManagedThreadFactory threads;

  private volatile Relay relay;

  void start(@Observes Lifecycle.Started started) {
    Relay r =
        new Relay(
            db,
            settings,
            new MxRouting(dns),
            new SmtpClient(),
            new Notices(db, router, settings),
            threads,
            nodeName(settings.process().dataDir()));
    r.start();
    relay = r;
  }

  void stop(@Observes Lifecycle.Stopping stopping) {
    Relay r = relay;
    if (r != null) {
      r.stop(STOP_GRACE);
    }
  }

  /** There is new work in the queue. */
  public void wake() {
    Relay r = relay;
    if (r != null) {
      r.wake();
    }
  }

  /** There are notices to send (a message was deleted with a bounce). */
  public void noticesDue() {
    Relay r = relay;
    if (r != null) {
      r.noticeDue();
    }
  }

  static String nodeName(Path dataDir) {
    Path file = dataDir.resolve("relay-node");
    try {
      if (Files.isRegularFile(file)) {
        String name = Files.readString(file, StandardCharsets.US_ASCII).strip();
        if (name.matches("[0-9a-f]{16}")) {
          return name;
        }
      }
      byte[] b = new byte[8];
      new SecureRandom().nextBytes(b);
      String name = HexFormat.of().formatHex(b);
      Files.createDirectories(dataDir);
      Files.writeString(file, name + "\n", StandardCharsets.US_ASCII);
      return name;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot keep the relay's node name in " + file, e);
    }
  }
}
