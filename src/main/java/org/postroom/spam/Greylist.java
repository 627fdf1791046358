package org.postroom.spam;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.postroom.config.Setting;
import org.postroom.db.DataAccessException;
import org.postroom.db.Database;
import org.postroom.db.Sql;
import org.postroom.runtime.ServerSettings;

/**
 * Greylisting (when {@code postroom.spam.greylist} is on): the first attempt of an unknown (client
 * network, sender, recipient) triple is deferred; the same triple retried after {@code
 * postroom.spam.greylist.delay} passes, and is remembered. Real mail servers retry; most spam
 * software does not. The network is the client's /24 (IPv4) or /64 (IPv6), because large senders
 * retry from another address of the same pool.
 *
 * <p>Never greylisted: a sender that passed before from the same network (to anyone), and a sender
 * whose domain has passed before and whose SPF passes for this client (the caller's check, only
 * asked then). Submission and our own domain never get here. The triples are rows of the database,
 * so every node decides alike; a triple not retried within a day starts again, one unseen for 35
 * days is forgotten.
 */
@ApplicationScoped
public class Greylist {
  private static final Logger LOG = Logger.getLogger(Greylist.class.getName());
  private static final Duration RETRY_WINDOW = Duration.ofDays(1);
  private static final Duration KEEP_PASSED = Duration.ofDays(35);
  private static final long PURGE_INTERVAL_MILLIS = Duration.ofHours(1).toMillis();

  @Inject Database db;
  @Inject ServerSettings settings;

  private final GreylistRepository rows = new GreylistRepository();
  private final AtomicLong lastPurge = new AtomicLong();

  /** What greylisting says about one recipient. */
  public enum Decision {
    /** A known triple or sender: accept. */
    PASS,
    /** The sender came back after the delay: accept, and from now on. */
    PASSED_NOW,
    /** First seen (or retried too early): 451. */
    DEFER
  }

  /**
   * Decides for one recipient.
   *
   * @param sender the reverse-path, empty for the null sender
   * @param spfPasses whether SPF passes for this client and sender (asked only when it matters)
   */
  public Decision check(
      InetAddress client, String sender, String recipient, BooleanSupplier spfPasses) {
    String net = network(client);
    String from = sender.toLowerCase(Locale.ROOT);
    String domain = from.substring(from.lastIndexOf('@') + 1);
    String to = recipient.toLowerCase(Locale.ROOT);
    Duration delay = settings.duration(Setting.SPAM_GREYLIST_DELAY);
    Decision d;
    try {
      d = decide(net, from, domain, to, delay, spfPasses);
    } catch (DataAccessException.DuplicateKeyException raced) {
      // another node (or connection) recorded the same triple at the same moment: its row stands
      d = decide(net, from, domain, to, delay, spfPasses);
    }
    purgeIfDue();
    return d;
  }

  private Decision decide(
      String net,
      String from,
      String domain,
      String to,
      Duration delay,
      BooleanSupplier spfPasses) {
    return db.transaction(
        c -> {
          OffsetDateTime now = Sql.now();
          Optional<GreylistRepository.Triple> t = rows.find(c, net, from, to);
          if (t.isPresent()) {
            if (t.get().passedAt() != null) {
              rows.pass(c, net, from, to, now);
              return Decision.PASS;
            }
            OffsetDateTime first = t.get().firstSeen();
            if (first.plus(RETRY_WINDOW).isBefore(now)) {
              rows.restart(c, net, from, to, now);
              return Decision.DEFER;
            }
            if (!first.plus(delay).isAfter(now)) {
              rows.pass(c, net, from, to, now);
              return Decision.PASSED_NOW;
            }
            return Decision.DEFER;
          }
          boolean known =
              rows.senderPassed(c, net, from)
                  || (!domain.isEmpty()
                      && rows.domainPassed(c, domain)
                      && spfPasses.getAsBoolean());
          rows.insert(c, net, from, domain, to, now, known);
          return known ? Decision.PASS : Decision.DEFER;
        });
  }

  private void purgeIfDue() {
    long now = System.currentTimeMillis();
    long last = lastPurge.get();
    if (now - last < PURGE_INTERVAL_MILLIS || !lastPurge.compareAndSet(last, now)) {
      return;
    }
    try {
      OffsetDateTime t = Sql.now();
      int n = db.transaction(c -> rows.purge(c, t.minus(KEEP_PASSED), t.minus(RETRY_WINDOW)));
      if (n > 0) {
        LOG.fine(() -> "greylist: " + n + " old triples forgotten");
      }
    } catch (DataAccessException e) {
      LOG.log(Level.WARNING, "greylist: purge failed", e);
    }
  }

  /** The client's network as stored: the /24 of an IPv4 address, the /64 of an IPv6 one. */
  static String network(InetAddress client) {
    byte[] b = client.getAddress();
    int keep = client instanceof Inet4Address ? 3 : 8;
    byte[] net = Arrays.copyOf(Arrays.copyOf(b, keep), b.length);
    try {
      return InetAddress.getByAddress(net).getHostAddress() + (keep == 3 ? "/24" : "/64");
    } catch (UnknownHostException e) {
      throw new IllegalStateException(e);
    }
  }
}
