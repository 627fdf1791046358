package org.postroom.deliverability;

import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;
import org.postroom.config.Settings;

/** An address with a prefix length ({@code 192.0.2.0/24}, {@code 2001:db8::/32}). */
public record IpNetwork(InetAddress address, int prefix) {

  /** Parses {@code addr[/prefix]} of the given family; empty when it is not one. */
  public static Optional<IpNetwork> parse(String text, boolean v6) {
    String addr = text;
    int prefix = v6 ? 128 : 32;
    int slash = text.indexOf('/');
    try {
      if (slash >= 0) {
        addr = text.substring(0, slash);
        prefix = Integer.parseInt(text.substring(slash + 1));
      }
      if (!Settings.isIpLiteral(addr) || prefix < 0 || prefix > (v6 ? 128 : 32)) {
        return Optional.empty();
      }
      InetAddress a = InetAddress.getByName(addr); // a literal: never looked up
      if (v6 != (a instanceof Inet6Address)) {
        return Optional.empty();
      }
      return Optional.of(new IpNetwork(a, prefix));
    } catch (NumberFormatException | UnknownHostException e) {
      return Optional.empty();
    }
  }

  /** True when the address is in this network (never across address families). */
  public boolean contains(InetAddress ip) {
    if ((ip instanceof Inet4Address) != (address instanceof Inet4Address)) {
      return false;
    }
    byte[] a = address.getAddress();
    byte[] b = ip.getAddress();
    int full = prefix / 8;
    for (int i = 0; i < full; i++) {
      if (a[i] != b[i]) {
        return false;
      }
    }
    int rest = prefix % 8;
    if (rest == 0) {
      return true;
    }
    int mask = (0xff << (8 - rest)) & 0xff;
    return (a[full] & mask) == (b[full] & mask);
  }
}
