package org.postroom.delivery.queue;

import java.time.Duration;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Logger;
import org.postroom.config.Setting;
import org.postroom.config.Settings;
import org.postroom.db.Database;
import org.postroom.db.GroupCommit;
import org.postroom.db.Sql;
import org.postroom.delivery.remote.MxRouting;
import org.postroom.delivery.remote.Route;
import org.postroom.delivery.remote.SmtpClient;
import org.postroom.runtime.NodeIdentity;
import org.postroom.runtime.ServerSettings;
import org.postroom.runtime.Worker;

/**
 * The relay's engine on one node: a dispatcher thread claims due recipients, one domain at a time,
 * and hands each claim to a pool of delivery threads ({@link DestinationRun}, one SMTP connection
 * each). It also renews the leases of work in flight, sends the notices the queue owes, and purges
 * old history. All coordination between nodes is in the database (leases, counts of open
 * connections per domain); what is in memory here is only this node's own bookkeeping.
 */
public final class Relay {
  private static final Logger LOG = Logger.getLogger(Relay.class.getName());
  static final Duration LEASE = Duration.ofMinutes(2);
  private static final Duration HEARTBEAT = Duration.ofSeconds(30);
  private static final Duration POLL = Duration.ofSeconds(1);
  private static final Duration PURGE_EVERY = Duration.ofMinutes(1);
  private static final Duration STOP_COMMITS = Duration.ofSeconds(5);

  /** Recipients claimed at a time; a connection claims again when it is through. */
  static final int CLAIM = 50;

  final Database db;
  final ServerSettings settings;
  final OutboundRepository store = new OutboundRepository();

  /** Where delivery runs commit their results (together when they finish together). */
  final GroupCommit results;

  private final SendingLimitRepository sending = new SendingLimitRepository();
  private final MxRouting routing;
  final SmtpClient client;
  private final Notices notices;
  private final ThreadFactory threads;
  private final NodeIdentity node;
  private final AtomicBoolean noticesDue = new AtomicBoolean();
  private final Set<String> active = ConcurrentHashMap.newKeySet();
  private final Object claimLock = new Object();
  private final Worker dispatcher = new Worker("postroom-relay-dispatcher", POLL, this::dispatch);
  private volatile boolean running;
  private Semaphore connections;
  private ExecutorService pool;
  private OffsetDateTime nextHeartbeat;
  private OffsetDateTime nextPurge;
  private OffsetDateTime nextNotices;

  /**
   * @param node this node's name, the same across restarts (its leases carry it)
   */
  public Relay(
      Database db,
      ServerSettings settings,
      MxRouting routing,
      SmtpClient client,
      Notices notices,
      ThreadFactory threads,
      NodeIdentity node) {
    this.db = db;
    this.settings = settings;
    this.routing = routing;
    this.client = client;
    this.notices = notices;
    this.threads = threads;
    this.node = node;
    this.results = new GroupCommit(db, "postroom-relay-commit");
  }

  public synchronized void start() {
    if (running) {
      return;
    }
    int freed = db.transaction(c -> store.releaseAll(c, node.tokenPrefix()));
    if (freed > 0) {
      LOG.info(
          "relay: "
              + freed
              + " recipients that were in flight when this node stopped are due again");
    }
    int size = settings.process().integer(Setting.RELAY_CONNECTIONS);
    connections = new Semaphore(size);
    pool =
        new ThreadPoolExecutor(
            size, size, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), threads);
    running = true;
    results.start(threads);
    OffsetDateTime now = Sql.now();
    nextHeartbeat = now.plus(HEARTBEAT);
    nextPurge = now;
    nextNotices = now;
    dispatcher.start(threads);
  }

  /** Stops claiming; deliveries in flight finish their transaction (bounded by {@code grace}). */
  public synchronized void stop(Duration grace) {
    if (!running) {
      return;
    }
    running = false;
    dispatcher.stop(grace);
    try {
      pool.shutdown();
      if (!pool.awaitTermination(grace.toMillis(), TimeUnit.MILLISECONDS)) {
        LOG.warning(
            "relay: deliveries still running at stop; their recipients are retried at start");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } finally {
      results.stop(
          STOP_COMMITS); // after the runs: what they handed in is committed before stop returns
    }
  }

  public boolean isRunning() {
    return running;
  }

  /** New work, a finished delivery or a failure to report: look at the queue now. */
  public void wake() {
    dispatcher.wake();
  }

  /** One round of the dispatcher: leases, notices, history, then new deliveries. */
  private Duration dispatch() {
    OffsetDateTime now = Sql.now();
    if (now.isAfter(nextHeartbeat)) {
      renewLeases(now);
      nextHeartbeat = now.plus(HEARTBEAT);
    }
    if (noticesDue.getAndSet(false) || now.isAfter(nextNotices)) {
      notices.markDelayed(now);
      notices.sendDue(now);
      nextNotices = now.plus(POLL);
    }
    if (now.isAfter(nextPurge)) {
      purge(now);
      nextPurge = now.plus(PURGE_EVERY);
    }
    return dispatchOnce(now) > 0 ? Duration.ZERO : POLL;
  }

  /** Starts a delivery for each domain with due work, as far as connections allow. */
  int dispatchOnce(OffsetDateTime now) {
    if (connections.availablePermits() == 0) {
      return 0;
    }
    List<String> domains = db.read(c -> store.dueDomains(c, now, 100));
    if (domains.isEmpty()) {
      return 0;
    }
    Map<String, Integer> open = db.read(c -> store.openConnections(c, now));
    int perDomain = settings.integer(Setting.RELAY_DOMAIN_CONNECTIONS);
    int started = 0;
    for (String domain : domains) {
      int free = perDomain - open.getOrDefault(domain, 0);
      while (running && free > 0 && connections.tryAcquire()) {
        String token = node.newToken();
        int claimed = claim(domain, token);
        if (claimed == 0) {
          connections.release();
          break;
        }
        active.add(token);
        try {
          pool.execute(new DestinationRun(this, domain, token));
        } catch (RuntimeException e) {
          finished(token);
          throw e;
        }
        started++;
        free--;
        if (claimed < CLAIM) {
          break; // that was everything due for this domain
        }
      }
    }
    return started;
  }

  /**
   * Claims due recipients of a domain for a lease token. One claim at a time on this node (H2
   * allows no racing updates of the same rows); across nodes the update itself decides.
   */
  int claim(String domain, String token) {
    synchronized (claimLock) {
      OffsetDateTime now = Sql.now();
      return db.transaction(c -> store.claim(c, domain, token, now, now.plus(LEASE), CLAIM));
    }
  }

  /** A recipient failed: its bounce is due. */
  public void noticeDue() {
    noticesDue.set(true);
    wake();
  }

  /** A delivery run is over: its lease and its connection slot are free again. */
  void finished(String token) {
    try {
      db.run(c -> store.release(c, token));
    } finally {
      active.remove(token);
      connections.release();
      wake();
    }
  }

  /** Where mail for a domain goes now: the smarthost if one is set, else the domain's MX. */
  Route route(String domain) {
    return smarthost().map(routing::server).orElseGet(() -> routing.route(domain));
  }

  SmtpClient.Options options() {
    var smarthost = smarthost();
    String user = settings.get(Setting.RELAY_SMARTHOST_USER);
    int port = smarthost.map(Settings.HostPort::port).orElse(settings.integer(Setting.RELAY_PORT));
    return new SmtpClient.Options(
        settings.hostname(),
        port,
        settings.duration(Setting.RELAY_TIMEOUT),
        smarthost.isPresent() && port == 465,
        smarthost.isPresent() && !user.isBlank() ? user : null,
        settings.get(Setting.RELAY_SMARTHOST_PASSWORD));
  }

  private java.util.Optional<Settings.HostPort> smarthost() {
    String s = settings.get(Setting.RELAY_SMARTHOST);
    return s == null || s.isBlank()
        ? java.util.Optional.empty()
        : java.util.Optional.of(Settings.serverAddress(Setting.RELAY_SMARTHOST, s));
  }

  private void renewLeases(OffsetDateTime now) {
    List<String> tokens = List.copyOf(active);
    if (!tokens.isEmpty()) {
      db.run(c -> store.renew(c, tokens, now.plus(LEASE)));
    }
  }

  private void purge(OffsetDateTime now) {
    db.transaction(store::releaseContents);
    Duration history = settings.duration(Setting.RELAY_HISTORY);
    int gone = db.transaction(c -> store.purgeFinished(c, now.minus(history)));
    db.run(c -> sending.prune(c, now.minus(Duration.ofDays(1))));
    if (gone > 0) {
      LOG.fine(() -> "relay: purged " + gone + " finished messages from the queue history");
    }
  }

  RetryPolicy policy() {
    return RetryPolicy.of(settings);
  }
}
