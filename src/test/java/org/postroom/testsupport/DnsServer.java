package org.postroom.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * dnsmasq on a free loopback port serving exactly the records a test sets: authoritative for {@code
 * .test} (anything not listed is NXDOMAIN), never forwarding, never reading the host's resolv.conf
 * or hosts file. Changing the records restarts it (about 50 ms).
 */
public final class DnsServer implements AutoCloseable {
  private final Path dir;
  private final String address;
  private final int port;
  private final List<String> records = new ArrayList<>();
  private Process process;

  private DnsServer(Path dir, String address, int port) {
    this.dir = dir;
    this.address = address;
    this.port = port;
  }

  public static DnsServer start(Path dir, List<String> records) {
    DnsServer d = new DnsServer(dir, "127.0.0.1", FreePort.any());
    d.records.addAll(records);
    d.launch();
    return d;
  }

  /** "127.0.0.1:port", the form {@code postroom.dns.servers} takes. */
  public String address() {
    return address + ":" + port;
  }

  public int port() {
    return port;
  }

  /** Replaces the records (dnsmasq lines such as {@code mx-host=...}) and restarts. */
  public synchronized void setRecords(List<String> newRecords) {
    records.clear();
    records.addAll(newRecords);
    stopProcess();
    launch();
  }

  public synchronized void addRecords(List<String> more) {
    List<String> all = new ArrayList<>(records);
    all.addAll(more);
    setRecords(all);
  }

  public synchronized List<String> records() {
    return List.copyOf(records);
  }

  /** Simulates a dead resolver: nothing answers until {@link #resume()}. */
  public synchronized void pause() {
    stopProcess();
  }

  public synchronized void resume() {
    if (process == null || !process.isAlive()) {
      launch();
    }
  }

  private void launch() {
    try {
      Files.createDirectories(dir);
      List<String> conf = new ArrayList<>();
      conf.add("port=" + port);
      conf.add("listen-address=" + address);
      conf.add("bind-interfaces");
      conf.add("no-resolv");
      conf.add("no-hosts");
      conf.add("no-poll");
      conf.add("no-negcache");
      conf.add("log-queries");
      conf.add("log-facility=" + dir.resolve("dnsmasq.log"));
      conf.add("local=/test/");
      conf.add("local=/127.in-addr.arpa/");
      conf.add("local=/ip6.arpa/");
      conf.add("local-ttl=1");
      conf.addAll(records);
      Path file = dir.resolve("dnsmasq.conf");
      Files.write(file, conf, StandardCharsets.UTF_8);
      List<String> cmd =
          new ArrayList<>(List.of("dnsmasq", "--keep-in-foreground", "-C", file.toString()));
      if (Processes.isRoot()) {
        cmd.add("--user=root");
      }
      process =
          new ProcessBuilder(cmd)
              .redirectErrorStream(true)
              .redirectOutput(ProcessBuilder.Redirect.appendTo(dir.resolve("stdout.log").toFile()))
              .start();
      awaitAnswering();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void awaitAnswering() {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("dnsmasq exited: " + read(dir.resolve("stdout.log")));
      }
      try (var s = new java.net.DatagramSocket()) {
        // any well-formed query gets an answer once dnsmasq listens
        byte[] q = {
          0x12, 0x34, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0, 4, 'p', 'i', 'n', 'g', 4, 't', 'e', 's', 't', 0,
          0, 1, 0, 1
        };
        s.setSoTimeout(200);
        s.send(
            new java.net.DatagramPacket(
                q, q.length, java.net.InetAddress.getByName(address), port));
        s.receive(new java.net.DatagramPacket(new byte[512], 512));
        return;
      } catch (IOException e) {
        // not yet
      }
    }
    throw new IllegalStateException("dnsmasq did not answer within 10 s");
  }

  private static String read(Path p) {
    try {
      return Files.exists(p) ? Files.readString(p) : "";
    } catch (IOException e) {
      return "";
    }
  }

  /** What dnsmasq logged (queries included), to assert that a name was or was not asked. */
  public String log() {
    return read(dir.resolve("dnsmasq.log"));
  }

  private void stopProcess() {
    if (process != null) {
      process.destroy();
      try {
        process.waitFor(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      process = null;
    }
  }

  @Override
  public synchronized void close() {
    stopProcess();
  }
}
