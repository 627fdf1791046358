package org.postroom.smtp.server;

import java.net.SocketException;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.net.ssl.SSLSocket;
import org.postroom.core.SmtpStatus;
import org.postroom.smtp.Channel;
import org.postroom.smtp.SmtpBackend;
import org.postroom.smtp.SmtpReplies;
import org.postroom.smtp.SmtpSession;
import org.subethamail.smtp.server.SMTPServer;
import org.subethamail.smtp.server.Session;
import org.subethamail.smtp.server.SessionHandler;

/**
 * Admits connections to every SMTP port of this node: at most {@code
 * postroom.smtp.max-connections-per-address} at a time from one client address (all ports
 * together), none while shutting down. Keeps the {@link SmtpSession} of each open connection and
 * counts the messages being received, so a shutdown can wait for them. Connection counts are per
 * node by nature (a connection lives on one node), so they stay in memory.
 */
final class Connections implements SessionHandler {
  private static final Logger LOG = Logger.getLogger(Connections.class.getName());

  /** What a listener is. */
  record Listener(Channel channel, SmtpTls tls) {}

  private final SmtpBackend backend;
  private final IntSupplier maxPerAddress;
  private final LongSupplier idleMillis;
  private final Path spoolDirectory;
  private final Map<SMTPServer, Listener> listeners = new ConcurrentHashMap<>();
  private final Map<Session, Open> open = new ConcurrentHashMap<>();
  private final Map<String, AtomicInteger> perAddress = new ConcurrentHashMap<>();
  private final AtomicInteger receiving = new AtomicInteger();
  private volatile boolean stopping;

  /** One open connection: its rules and whether its address slot was given back. */
  private static final class Open {
    final SmtpSession session;
    final String address;
    boolean released;

    Open(SmtpSession session, String address) {
      this.session = session;
      this.address = address;
    }
  }

  Connections(
      SmtpBackend backend,
      IntSupplier maxPerAddress,
      LongSupplier idleMillis,
      Path spoolDirectory) {
    this.backend = backend;
    this.maxPerAddress = maxPerAddress;
    this.idleMillis = idleMillis;
    this.spoolDirectory = spoolDirectory;
  }

  void register(SMTPServer server, Listener listener) {
    listeners.put(server, listener);
  }

  @Override
  public SessionAcceptance accept(Session s) {
    if (stopping) {
      return refuse(SmtpReplies.SHUTTING_DOWN);
    }
    String address = s.getRealRemoteAddress().getAddress().getHostAddress();
    AtomicInteger count = perAddress.computeIfAbsent(address, a -> new AtomicInteger());
    if (count.incrementAndGet() > maxPerAddress.getAsInt()) {
      count.decrementAndGet();
      LOG.info(() -> "smtp: too many connections from " + address);
      return refuse(SmtpReplies.TOO_MANY_CONNECTIONS);
    }
    Listener l = listeners.get(s.getServer());
    try {
      s.getSocket().setSoTimeout(idleTimeout());
    } catch (SocketException e) {
      LOG.log(Level.FINE, "cannot set the idle timeout", e);
    }
    String details = s.getSocket() instanceof SSLSocket ssl ? SmtpTls.describe(ssl) : null;
    SmtpSession session =
        new SmtpSession(
            l.channel(),
            address,
            backend,
            s.isTLSStarted(),
            details,
            l.tls() != null && l.channel() != Channel.SUBMISSIONS,
            spoolDirectory);
    open.put(s, new Open(session, address));
    return SessionAcceptance.success();
  }

  private static SessionAcceptance refuse(SmtpStatus st) {
    return SessionAcceptance.failure(st.code(), st.line().substring(4));
  }

  @Override
  public void onSessionEnd(Session s) {
    release(s);
    open.remove(s);
  }

  /**
   * Gives the connection's address slot back (on QUIT, before the reply, so that a client that
   * reconnects at once is not counted twice).
   */
  void release(Session s) {
    Open o = open.get(s);
    if (o != null) {
      synchronized (o) {
        if (o.released) {
          return;
        }
        o.released = true;
      }
      AtomicInteger count = perAddress.get(o.address);
      if (count != null && count.decrementAndGet() <= 0) {
        perAddress.remove(o.address, count);
      }
    }
  }

  SmtpSession session(Session s) {
    Open o = open.get(s);
    if (o == null) {
      throw new IllegalStateException("no SMTP session for this connection");
    }
    return o.session;
  }

  Listener listener(Session s) {
    return listeners.get(s.getServer());
  }

  int idleTimeout() {
    return (int) Math.min(Integer.MAX_VALUE, Math.max(1000, idleMillis.getAsLong()));
  }

  /** Marks a message being received (DATA), so that shutdown can wait for it. */
  void receiving(boolean started) {
    if (started) {
      receiving.incrementAndGet();
    } else {
      receiving.decrementAndGet();
    }
  }

  /** Stops admitting connections and waits, at most {@code millis}, for messages being received. */
  void drain(long millis) {
    stopping = true;
    long deadline = System.currentTimeMillis() + millis;
    while (receiving.get() > 0 && System.currentTimeMillis() < deadline) {
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
    if (receiving.get() > 0) {
      LOG.warning("smtp: stopping with " + receiving.get() + " messages still being received");
    }
  }
}
