package org.postroom.delivery.queue;

import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import org.postroom.db.Database;
import org.postroom.delivery.MailRouter;
import org.postroom.delivery.remote.MxRouting;
import org.postroom.delivery.remote.SmtpClient;
import org.postroom.dns.DnsResolver;
import org.postroom.runtime.Lifecycle;
import org.postroom.runtime.NodeIdentity;
import org.postroom.runtime.ServerSettings;

/**
 * Runs the relay inside Payara: starts it when Postroom has started, on threads from the
 * container's managed thread factory, and stops it (in-flight transactions finish, bounded) when
 * Postroom stops. Its leases carry this node's {@link NodeIdentity}, so a restarted node frees at
 * once what it held when it stopped or crashed.
 */
@ApplicationScoped
public class RelayService {
  private static final Duration STOP_GRACE = Duration.ofSeconds(10);

  @Inject Database db;
  @Inject ServerSettings settings;
  @Inject DnsResolver dns;
  @Inject MailRouter router;
  @Inject NodeIdentity node;

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
            node);
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
}
