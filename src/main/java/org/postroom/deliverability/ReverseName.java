package org.postroom.deliverability;

import java.net.InetAddress;
import java.net.UnknownHostException;
import org.postroom.config.Settings;

/** The PTR owner name of an address: {@code 5.113.0.203.in-addr.arpa}, or the ip6.arpa nibbles. */
public final class ReverseName {
  private ReverseName() {}

  public static String of(String ip) {
    if (!Settings.isIpLiteral(ip)) {
      throw new IllegalArgumentException("not an IP address: " + ip);
    }
    try {
      byte[] b = InetAddress.getByName(ip).getAddress(); // a literal: never looked up
      StringBuilder sb = new StringBuilder();
      if (b.length == 4) {
        for (int i = 3; i >= 0; i--) {
          sb.append(b[i] & 0xff).append('.');
        }
        return sb.append("in-addr.arpa").toString();
      }
      for (int i = b.length - 1; i >= 0; i--) {
        sb.append(Character.forDigit(b[i] & 0xf, 16)).append('.');
        sb.append(Character.forDigit((b[i] >> 4) & 0xf, 16)).append('.');
      }
      return sb.append("ip6.arpa").toString();
    } catch (UnknownHostException e) {
      throw new IllegalArgumentException("not an IP address: " + ip, e);
    }
  }
}
