package org.postroom.smtp.server;

import jakarta.annotation.Resource;
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.net.ssl.SSLContext;
import org.postroom.boot.TlsKeystore;
import org.postroom.config.Setting;
import org.postroom.config.Settings;
import org.postroom.runtime.Lifecycle;
import org.postroom.runtime.ServerSettings;
import org.postroom.smtp.Channel;
import org.subethamail.smtp.server.SMTPServer;

/**
 * Starts the MX and the two submission ports when Postroom has started, and stops them gracefully
 * (bounded) when it stops. A port that cannot be bound fails the start. Sessions run on threads
 * from the container's ManagedThreadFactory, so CDI and the database work in them.
 */
@ApplicationScoped
public class SmtpListeners {
  private static final Logger LOG = Logger.getLogger(SmtpListeners.class.getName());

  /** How long a stop waits for messages being received before it closes their connections. */
  private static final long DRAIN_MILLIS = 10_000;

  private static final long TERMINATION_MILLIS = 10_000;

  @Inject ServerSettings settings;
  @Inject MailBackend backend;

  @Resource(lookup = "java:comp/DefaultManagedThreadFactory")
  ManagedThreadFactory threads;

  private final List<SMTPServer> running = new ArrayList<>();
  private Connections connections;

  void start(@Observes Lifecycle.Started event) {
    Settings process = settings.process();
    SmtpTls tls = new SmtpTls(tlsContext(process));
    Path spool = process.dataDir().resolve("spool");
    try {
      Files.createDirectories(spool);
      // what a killed process left behind: never acknowledged, so the clients still have it
      try (var left = Files.list(spool)) {
        for (Path p : left.toList()) {
          Files.deleteIfExists(p);
        }
      }
    } catch (IOException e) {
      throw new IllegalStateException("cannot create " + spool + ": " + e.getMessage(), e);
    }
    connections =
        new Connections(
            backend,
            () -> settings.integer(Setting.SMTP_MAX_CONNECTIONS_PER_ADDRESS),
            () -> settings.duration(Setting.SMTP_IDLE_TIMEOUT).toMillis(),
            spool);
    backend.startGroupCommit(threads);
    try {
      open(process, Setting.SMTP_PORT, Channel.MX, tls);
      open(process, Setting.SUBMISSION_PORT, Channel.SUBMISSION, tls);
      open(process, Setting.SUBMISSIONS_PORT, Channel.SUBMISSIONS, tls);
    } catch (RuntimeException e) {
      stopAll();
      backend.stopGroupCommit(DRAIN_MILLIS);
      throw e;
    }
  }

  private static SSLContext tlsContext(Settings process) {
    try {
      return TlsKeystore.of(process).serverContext();
    } catch (IOException | GeneralSecurityException e) {
      throw new IllegalStateException("SMTP TLS: cannot load the keystore: " + e.getMessage(), e);
    }
  }

  private void open(Settings process, Setting portKey, Channel channel, SmtpTls tls) {
    int port = process.integer(portKey);
    if (port == 0) {
      return;
    }
    int max = process.integer(Setting.SMTP_MAX_CONNECTIONS);
    SMTPServer.Builder b;
    try {
      b =
          SMTPServer.port(port)
              .bindAddress(InetAddress.getByName(process.bindAddress()))
              .hostName(settings.hostname())
              .softwareName("Postroom")
              .backlog(128)
              .maxConnections(max)
              .connectionTimeoutMs(connections.idleTimeout())
              .insertReceivedHeaders(false)
              .sessionHandler(connections)
              .executorService(executor(channel, max))
              .serverThreadName("smtp-" + channel.label() + "-accept");
    } catch (IOException e) {
      throw new IllegalStateException(portKey.key() + ": " + e.getMessage(), e);
    }
    if (channel == Channel.SUBMISSIONS) {
      b.serverSocketFactory(tls::serverSocket);
    } else {
      b.enableTLS(true).startTlsSocketFactory(tls::wrap);
    }
    SMTPServer server = b.build();
    Commands.install(server, connections);
    connections.register(server, new Connections.Listener(channel, tls));
    try {
      server.start();
    } catch (RuntimeException e) {
      throw new IllegalStateException(
          portKey.key()
              + ": cannot listen on "
              + process.bindAddress()
              + ":"
              + port
              + " ("
              + (e.getCause() == null ? e.getMessage() : e.getCause().getMessage())
              + ")",
          e);
    }
    running.add(server);
    LOG.info(
        "postroom: SMTP "
            + channel.label()
            + " listening on "
            + process.bindAddress()
            + ":"
            + port);
  }

  /**
   * One pool per port on container-managed threads; idle threads stay a minute. The library shuts
   * the pool down when its port stops; waiting for that is bounded here.
   */
  private ThreadPoolExecutor executor(Channel channel, int maxConnections) {
    ThreadPoolExecutor pool =
        new ThreadPoolExecutor(
            0,
            maxConnections + 10,
            60,
            TimeUnit.SECONDS,
            new SynchronousQueue<>(),
            r -> {
              Thread t = threads.newThread(r);
              t.setName("smtp-" + channel.label() + "-" + t.getId());
              return t;
            }) {
          @Override
          public boolean awaitTermination(long timeout, TimeUnit unit) throws InterruptedException {
            return super.awaitTermination(
                Math.min(unit.toMillis(timeout), TERMINATION_MILLIS), TimeUnit.MILLISECONDS);
          }
        };
    return pool;
  }

  void stop(@Observes Lifecycle.Stopping event) {
    if (connections != null) {
      connections.drain(DRAIN_MILLIS);
    }
    stopAll();
    backend.stopGroupCommit(DRAIN_MILLIS);
  }

  private synchronized void stopAll() {
    for (SMTPServer s : running) {
      try {
        s.stop();
      } catch (RuntimeException e) {
        LOG.log(Level.WARNING, "stopping SMTP on port " + s.getPort(), e);
      }
    }
    running.clear();
  }
}
