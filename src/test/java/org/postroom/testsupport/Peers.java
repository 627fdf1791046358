package org.postroom.testsupport;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The foreign side of the mail world, on loopback: a DNS server (dnsmasq) with the test domains'
 * records and a real Postfix as their MX. One set per test JVM serves the shared Postroom.
 *
 * <p>Addresses: Postroom 127.0.0.1, Postfix 127.0.0.2, 127.0.0.3 is a host where nothing listens.
 */
public final class Peers implements AutoCloseable {
  public static final String OUR_IP = "127.0.0.1";
  public static final String PEER_IP = "127.0.0.2";
  public static final String DOWN_IP = "127.0.0.3";

  private final DnsServer dns;
  private final PostfixPeer postfix;

  private Peers(DnsServer dns, PostfixPeer postfix) {
    this.dns = dns;
    this.postfix = postfix;
  }

  /** Starts dnsmasq and Postfix; Postfix relays {@code ourDomain} to Postroom at ourSmtpPort. */
  public static Peers start(String name, String ourDomain, int ourSmtpPort) {
    Path base = Path.of("target", "peers", name + "-" + System.nanoTime()).toAbsolutePath();
    DnsServer dns = DnsServer.start(base.resolve("dns"), standardRecords(ourDomain));
    PostfixPeer postfix =
        PostfixPeer.start(base.resolve("postfix"), PEER_IP, ourDomain, OUR_IP + ":" + ourSmtpPort);
    Peers p = new Peers(dns, postfix);
    Runtime.getRuntime().addShutdownHook(new Thread(p::close));
    return p;
  }

  /** The test domains of the peer recipes: each exercises one routing rule. */
  public static List<String> standardRecords(String ourDomain) {
    List<String> r = new ArrayList<>();
    // remote.test: the normal case
    r.add("mx-host=remote.test,mx.remote.test,10");
    r.add("host-record=mx.remote.test," + PEER_IP);
    r.add("txt-record=remote.test,\"v=spf1 ip4:" + PEER_IP + " -all\"");
    // backup.test: preferred MX down, backup MX is Postfix
    r.add("mx-host=backup.test,mx1.backup.test,10");
    r.add("mx-host=backup.test,mx2.backup.test,20");
    r.add("host-record=mx1.backup.test," + DOWN_IP);
    r.add("host-record=mx2.backup.test," + PEER_IP);
    // nomx.test: no MX, the domain's own address (RFC 5321 5.1)
    r.add("host-record=nomx.test," + PEER_IP);
    // nullmx.test: "MX 0 ." (RFC 7505) and an address that must not be used
    r.add("mx-host=nullmx.test,.,0");
    r.add("host-record=nullmx.test," + PEER_IP);
    // down.test: the only MX does not answer
    r.add("mx-host=down.test,mx.down.test,10");
    r.add("host-record=mx.down.test," + DOWN_IP);
    // mxnoa.test: the MX host has no address
    r.add("mx-host=mxnoa.test,mx.mxnoa.test,10");
    // softfail.test: SPF ~all
    r.add("mx-host=softfail.test,mx.remote.test,10");
    r.add("txt-record=softfail.test,\"v=spf1 ip4:127.0.0.99 ~all\"");
    // the domain under test
    r.add("mx-host=" + ourDomain + ",mail." + ourDomain + ",10");
    r.add("host-record=mail." + ourDomain + "," + OUR_IP);
    return r;
  }

  public DnsServer dns() {
    return dns;
  }

  public PostfixPeer postfix() {
    return postfix;
  }

  @Override
  public void close() {
    try {
      postfix.close();
    } finally {
      dns.close();
    }
  }
}
