package org.postroom.deliverability;

import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.postroom.core.RawMessage;
import org.postroom.dns.DnsResolver;
import org.postroom.testsupport.DnsServer;
import org.postroom.testsupport.DnsmasqRecords;

/**
 * What sender authentication costs per message: DKIM signing (outbound), DKIM verification, and the
 * MX's whole inbound check (SPF, DKIM, DMARC, header) against dnsmasq on loopback. Prints the
 * median of several runs for a 4 KB and a 1 MB message. Run by bench/deliverability.sh.
 */
public final class DeliverabilityBench {
  private DeliverabilityBench() {}

  public static void main(String[] args) throws Exception {
    int runs = args.length > 0 ? Integer.parseInt(args[0]) : 5;
    int perRun = args.length > 1 ? Integer.parseInt(args[1]) : 200;
    Path dir = Files.createTempDirectory("postroom-bench");
    DkimKeyFiles files = new DkimKeyFiles(dir.resolve("dkim"));
    String pub = files.generate("bench");
    try (DnsServer dns =
        LoopbackDns.start(
            "bench",
            List.of(
                DnsmasqRecords.txt(
                    "bench._domainkey.remote.test", TxtStrings.split(DomainRecords.dkimValue(pub))),
                DnsmasqRecords.txt("remote.test", "v=spf1 ip4:127.0.0.2 -all"),
                DnsmasqRecords.txt("_dmarc.remote.test", "v=DMARC1; p=reject")))) {
      DnsResolver resolver = LoopbackDns.resolver(dns);
      DkimSigner signer = new DkimSigner("remote.test", "bench", files.privateKey("bench"));
      InetAddress peer = InetAddress.getByName("127.0.0.2");
      System.out.printf("%-10s %-22s %12s %12s%n", "size", "step", "median ms", "msgs/s");
      for (int size : new int[] {4 * 1024, 1024 * 1024}) {
        RawMessage raw = message(size);
        RawMessage signed = signer.sign(raw, Instant.now());
        report(size, "dkim sign", runs, perRun, () -> signer.sign(raw, Instant.now()).bytes());
        report(
            size,
            "dkim verify",
            runs,
            perRun,
            () -> new DkimVerifier(resolver).verify(signed, Instant.now()));
        report(
            size,
            "inbound check (all)",
            runs,
            perRun,
            () ->
                new InboundChecks(
                        resolver, "mail.example.test", "example.test", InboundChecks.Policy.DEFAULT)
                    .check(peer, "mx.remote.test", "alice@remote.test", signed, Instant.now()));
      }
    }
  }

  interface Step {
    Object run() throws Exception;
  }

  private static void report(int size, String name, int runs, int perRun, Step step)
      throws Exception {
    for (int i = 0; i < Math.min(perRun, 50); i++) {
      step.run(); // warm up
    }
    List<Double> perMessage = new ArrayList<>();
    for (int r = 0; r < runs; r++) {
      long t0 = System.nanoTime();
      for (int i = 0; i < perRun; i++) {
        step.run();
      }
      perMessage.add((System.nanoTime() - t0) / 1e6 / perRun);
    }
    Collections.sort(perMessage);
    double median = perMessage.get(perMessage.size() / 2);
    System.out.printf(
        "%-10s %-22s %12.3f %12.0f%n", size / 1024 + " KB", name, median, 1000 / median);
  }

  private static RawMessage message(int size) {
    StringBuilder sb =
        new StringBuilder(
            "From: Alice <alice@remote.test>\r\nTo: bob@example.test\r\nSubject: bench\r\n"
                + "Date: Sun, 29 Nov 2026 10:00:00 +0000\r\nMessage-ID: <b@remote.test>\r\n"
                + "MIME-Version: 1.0\r\nContent-Type: text/plain; charset=us-ascii\r\n\r\n");
    while (sb.length() < size) {
      sb.append("The quick brown fox jumps over the lazy dog, again and again.  \r\n");
    }
    return RawMessage.of(sb.toString().getBytes(StandardCharsets.US_ASCII));
  }
}
