package org.postroom.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * A private instance of Debian's Postfix on loopback, playing the foreign mail server: the MX of
 * {@code remote.test} and friends on {@code ip:mxPort} (Maildir delivery, STARTTLS, no relaying,
 * {@code reject@} 550, {@code tempfail@} 451, {@code full@} 552, Subject {@code [reject-data]}
 * refused after DATA), and an "inject" port that relays mail for the domain under test to
 * Postroom's MX, so a real MTA delivers into Postroom. Its files live in its own directory;
 * /etc/postfix is never used. Postfix never looks up DNS here.
 */
public final class PostfixPeer implements AutoCloseable {
  public static final List<String> DOMAINS =
      List.of(
          "remote.test", "backup.test", "nomx.test", "softfail.test", "nullmx.test", "down.test");

  private final Path dir;
  private final String ip;
  private final int mxPort;
  private final int injectPort;
  private final String ourDomain;
  private final String ourSmtp;
  private final Map<String, String> recipientAccess = new LinkedHashMap<>();

  private PostfixPeer(
      Path dir, String ip, int mxPort, int injectPort, String ourDomain, String ourSmtp) {
    this.dir = dir.toAbsolutePath();
    this.ip = ip;
    this.mxPort = mxPort;
    this.injectPort = injectPort;
    this.ourDomain = ourDomain;
    this.ourSmtp = ourSmtp;
    for (String d : DOMAINS) {
      recipientAccess.put("reject@" + d, "550 5.1.1 User unknown (test peer)");
      recipientAccess.put(
          "tempfail@" + d, "451 4.3.0 Temporary failure, try again later (test peer)");
      recipientAccess.put("full@" + d, "552 5.2.2 Mailbox full (test peer)");
    }
  }

  /**
   * @param ip loopback address of the peer (e.g. 127.0.0.2)
   * @param ourDomain mail for this domain arriving on the inject port goes to {@code ourSmtp}
   * @param ourSmtp Postroom's MX as host:port
   */
  public static PostfixPeer start(Path dir, String ip, String ourDomain, String ourSmtp) {
    PostfixPeer p = new PostfixPeer(dir, ip, FreePort.on(ip), FreePort.on(ip), ourDomain, ourSmtp);
    p.writeConfig();
    Processes.check(List.of("postfix", "-c", p.etc().toString(), "check"), 60);
    Processes.check(List.of("postfix", "-c", p.etc().toString(), "start"), 60);
    p.awaitListening();
    return p;
  }

  public String ip() {
    return ip;
  }

  public int mxPort() {
    return mxPort;
  }

  public int injectPort() {
    return injectPort;
  }

  private Path etc() {
    return dir.resolve("etc");
  }

  public Path spool() {
    return dir.resolve("spool");
  }

  /** The peer's self-signed TLS certificate (PEM), for tests that must trust it. */
  public Path certificate() {
    return etc().resolve("tls").resolve("cert.pem");
  }

  /** How many SMTP connections the peer's MX port has accepted so far. */
  public long connectionsSoFar() {
    return log()
        .lines()
        .filter(l -> l.contains("postfix/smtpd[") && l.contains(": connect from "))
        .count();
  }

  /** Replaces one address's RCPT answer (e.g. "451 4.3.0 busy"); null restores acceptance. */
  public synchronized void answerFor(String address, String reply) {
    if (reply == null) {
      recipientAccess.remove(address);
    } else {
      recipientAccess.put(address, reply);
    }
    writeAccess();
    Processes.check(List.of("postfix", "-c", etc().toString(), "reload"), 60);
  }

  /** The raw messages delivered to an address of a peer domain, oldest first. */
  public List<String> messagesFor(String address) {
    String local = address.substring(0, address.indexOf('@'));
    String domain = address.substring(address.indexOf('@') + 1);
    Path newDir = spool().resolve(domain).resolve(local).resolve("new");
    if (!Files.isDirectory(newDir)) {
      return List.of();
    }
    try (var files = Files.list(newDir)) {
      List<String> out = new ArrayList<>();
      for (Path f : files.sorted(Comparator.comparing(PostfixPeer::modified)).toList()) {
        out.add(Files.readString(f, StandardCharsets.ISO_8859_1));
      }
      return out;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Waits (bounded) for a message to an address that matches. */
  public String awaitMessage(String address, Predicate<String> matches, int seconds) {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (System.nanoTime() < deadline) {
      for (String m : messagesFor(address)) {
        if (matches.test(m)) {
          return m;
        }
      }
      sleep(100);
    }
    throw new AssertionError(
        "no matching message for "
            + address
            + " within "
            + seconds
            + " s; peer log:\n"
            + logTail());
  }

  public String log() {
    try {
      Path f = dir.resolve("log").resolve("postfix.log");
      return Files.exists(f) ? Files.readString(f, StandardCharsets.UTF_8) : "";
    } catch (IOException e) {
      return "";
    }
  }

  private String logTail() {
    String l = log();
    return l.length() > 4000 ? l.substring(l.length() - 4000) : l;
  }

  private static long modified(Path p) {
    try {
      return Files.getLastModifiedTime(p).toMillis();
    } catch (IOException e) {
      return 0;
    }
  }

  private void writeConfig() {
    try {
      for (String sub : List.of("etc/tls", "queue", "data", "log", "spool")) {
        Files.createDirectories(dir.resolve(sub));
      }
      Path tls = etc().resolve("tls");
      if (!Files.exists(tls.resolve("cert.pem"))) {
        SelfSigned.make(
            tls.resolve("cert.pem"),
            tls.resolve("key.pem"),
            "mx.remote.test",
            "DNS:mx.remote.test,IP:" + ip,
            3650);
      }
      if (Processes.isRoot()) {
        Processes.check(List.of("chown", "postfix:postfix", dir.resolve("data").toString()), 10);
        Processes.check(List.of("chown", "nobody:nogroup", spool().toString()), 10);
      }
      String main =
          String.join(
              "\n",
              "compatibility_level = 3.6",
              "config_directory = " + etc(),
              "queue_directory = " + dir.resolve("queue"),
              "data_directory = " + dir.resolve("data"),
              "maillog_file_prefixes = " + dir,
              "maillog_file = " + dir.resolve("log").resolve("postfix.log"),
              "myhostname = mx.remote.test",
              "mydomain = remote.test",
              "myorigin = $myhostname",
              "mydestination =",
              "local_transport = error:5.1.1 no local delivery in test peer",
              "alias_maps =",
              "alias_database =",
              "inet_interfaces = loopback-only",
              "inet_protocols = ipv4",
              "smtp_bind_address = " + ip,
              "mynetworks = " + ip + "/32",
              "relayhost =",
              "smtp_dns_support_level = disabled",
              "lmtp_host_lookup = native",
              "smtp_host_lookup = native",
              "smtpd_peername_lookup = no",
              "default_transport = error:5.4.4 external delivery disabled in test peer",
              "relay_transport = error:5.4.4 relay disabled in test peer",
              "transport_maps = texthash:" + etc().resolve("transport"),
              "virtual_mailbox_domains = " + String.join(" ", DOMAINS),
              "virtual_mailbox_base = " + spool(),
              "virtual_mailbox_maps = texthash:" + etc().resolve("vmailbox"),
              "virtual_uid_maps = static:65534",
              "virtual_gid_maps = static:65534",
              "virtual_mailbox_limit = 0",
              "message_size_limit = 52428800",
              "smtpd_banner = $myhostname ESMTP test peer (Postfix)",
              "smtpd_relay_restrictions = permit_mynetworks, reject_unauth_destination",
              "smtpd_recipient_restrictions = check_recipient_access texthash:"
                  + etc().resolve("recipient_access"),
              "header_checks = regexp:" + etc().resolve("header_checks"),
              "smtpd_client_event_limit_exceptions = 127.0.0.0/8",
              "smtpd_tls_security_level = may",
              "smtpd_tls_cert_file = " + tls.resolve("cert.pem"),
              "smtpd_tls_key_file = " + tls.resolve("key.pem"),
              "smtpd_tls_received_header = yes",
              "smtp_tls_security_level = may",
              "smtputf8_enable = no",
              "queue_run_delay = 2s",
              "minimal_backoff_time = 2s",
              "maximal_backoff_time = 10s",
              "maximal_queue_lifetime = 1h",
              "bounce_queue_lifetime = 1h",
              "delay_warning_time = 0",
              "biff = no",
              "append_dot_mydomain = no",
              "readme_directory = no",
              "");
      Files.writeString(etc().resolve("main.cf"), main);
      String svc = "inet  n       -       n       -       -       smtpd";
      List<String> master = new ArrayList<>();
      master.add(ip + ":" + mxPort + " " + svc);
      master.add(ip + ":" + injectPort + " " + svc);
      master.add("  -o syslog_name=postfix/inject");
      master.add("  -o mynetworks=127.0.0.0/8");
      master.add("  -o smtpd_relay_restrictions=permit_mynetworks,reject");
      master.add("  -o smtpd_recipient_restrictions=");
      master.add("  -o smtpd_tls_security_level=none");
      master.addAll(
          List.of(
              "pickup    unix  n       -       n       60      1       pickup",
              "cleanup   unix  n       -       n       -       0       cleanup",
              "qmgr      unix  n       -       n       300     1       qmgr",
              "tlsmgr    unix  -       -       n       1000?   1       tlsmgr",
              "rewrite   unix  -       -       n       -       -       trivial-rewrite",
              "bounce    unix  -       -       n       -       0       bounce",
              "defer     unix  -       -       n       -       0       bounce",
              "trace     unix  -       -       n       -       0       bounce",
              "verify    unix  -       -       n       -       1       verify",
              "flush     unix  n       -       n       1000?   0       flush",
              "proxymap  unix  -       -       n       -       -       proxymap",
              "proxywrite unix -       -       n       -       1       proxymap",
              "smtp      unix  -       -       n       -       -       smtp",
              "relay     unix  -       -       n       -       -       smtp",
              "showq     unix  n       -       n       -       -       showq",
              "error     unix  -       -       n       -       -       error",
              "retry     unix  -       -       n       -       -       error",
              "discard   unix  -       -       n       -       -       discard",
              "local     unix  -       n       n       -       -       local",
              "virtual   unix  -       n       n       -       -       virtual",
              "lmtp      unix  -       -       n       -       -       lmtp",
              "anvil     unix  -       -       n       -       1       anvil",
              "scache    unix  -       -       n       -       1       scache",
              "postlog   unix-dgram n  -       n       -       1       postlogd"));
      Files.write(etc().resolve("master.cf"), master);
      String host = ourSmtp.substring(0, ourSmtp.lastIndexOf(':'));
      String port = ourSmtp.substring(ourSmtp.lastIndexOf(':') + 1);
      Files.writeString(
          etc().resolve("transport"),
          ourDomain + " smtp:[" + host + "]:" + port + "\n." + ourDomain + " smtp:[" + host + "]:"
              + port + "\n");
      StringBuilder vmailbox = new StringBuilder();
      for (String d : DOMAINS) {
        for (String u : List.of("postmaster", "alice", "bob", "carol", "dave", "eve", "load")) {
          vmailbox
              .append(u)
              .append('@')
              .append(d)
              .append(' ')
              .append(d)
              .append('/')
              .append(u)
              .append("/\n");
        }
        vmailbox.append('@').append(d).append(' ').append(d).append("/catchall/\n");
      }
      Files.writeString(etc().resolve("vmailbox"), vmailbox.toString());
      Files.writeString(
          etc().resolve("header_checks"),
          "/^Subject:.*\\[reject-data\\]/   REJECT 5.7.1 message content rejected (test peer)\n");
      writeAccess();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void writeAccess() {
    StringBuilder sb = new StringBuilder();
    recipientAccess.forEach((k, v) -> sb.append(k).append(' ').append(v).append('\n'));
    try {
      Files.writeString(etc().resolve("recipient_access"), sb.toString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void awaitListening() {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (System.nanoTime() < deadline) {
      try (var s = new java.net.Socket(ip, mxPort)) {
        return;
      } catch (IOException e) {
        sleep(100);
      }
    }
    throw new IllegalStateException(
        "Postfix is not listening on " + ip + ":" + mxPort + "\n" + log());
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    Processes.run(List.of("postfix", "-c", etc().toString(), "stop"), 60);
  }
}
