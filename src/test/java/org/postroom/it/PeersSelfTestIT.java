package org.postroom.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postroom.testsupport.FreePort;
import org.postroom.testsupport.Peers;
import org.xbill.DNS.Lookup;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Record;
import org.xbill.DNS.SimpleResolver;
import org.xbill.DNS.Type;

/**
 * The test peers behave as the other tests assume (so a failure there is Postroom's, not theirs).
 */
class PeersSelfTestIT {
  static Peers peers;

  @BeforeAll
  static void start() {
    peers = Peers.start("selftest", "example.test", FreePort.any());
  }

  @AfterAll
  static void stop() {
    peers.close();
  }

  @Test
  void dnsServesTheTestDomainsAndNothingElse() throws Exception {
    SimpleResolver r = new SimpleResolver("127.0.0.1");
    r.setPort(peers.dns().port());
    Lookup l = new Lookup("backup.test", Type.MX);
    l.setResolver(r);
    l.setCache(null);
    Record[] mx = l.run();
    assertThat(
            Arrays.stream(mx)
                .map(x -> ((MXRecord) x).getPriority() + " " + ((MXRecord) x).getTarget()))
        .containsExactlyInAnyOrder("10 mx1.backup.test.", "20 mx2.backup.test.");
    Lookup nx = new Lookup("nonexistent.test", Type.MX);
    nx.setResolver(r);
    nx.setCache(null);
    nx.run();
    assertThat(nx.getResult()).isEqualTo(Lookup.HOST_NOT_FOUND);
  }

  @Test
  void postfixStoresMailForItsDomainsAndRefusesTheTestAddresses() throws Exception {
    String reply =
        smtp(
            peers.postfix().mxPort(),
            "EHLO selftest.test",
            "MAIL FROM:<t@example.org>",
            "RCPT TO:<reject@remote.test>",
            "RCPT TO:<alice@remote.test>",
            "DATA",
            "Subject: selftest-1\r\n\r\nhello\r\n.",
            "QUIT");
    assertThat(reply).contains("550 5.1.1").contains("250 2.0.0 Ok: queued");
    String m = peers.postfix().awaitMessage("alice@remote.test", s -> s.contains("selftest-1"), 20);
    assertThat(m).contains("Subject: selftest-1");
  }

  private static String smtp(int port, String... commands) throws Exception {
    try (Socket s = new Socket(Peers.PEER_IP, port)) {
      s.setSoTimeout(15000);
      BufferedReader in =
          new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
      OutputStream out = s.getOutputStream();
      StringBuilder all = new StringBuilder(readReply(in));
      for (String c : commands) {
        out.write((c + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        all.append(readReply(in));
      }
      return all.toString();
    }
  }

  private static String readReply(BufferedReader in) throws Exception {
    StringBuilder sb = new StringBuilder();
    String line;
    do {
      line = in.readLine();
      sb.append(line).append('\n');
    } while (line != null && line.length() > 3 && line.charAt(3) == '-');
    return sb.toString();
  }
}
