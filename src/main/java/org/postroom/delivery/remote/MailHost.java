package org.postroom.delivery.remote;

import java.net.InetAddress;
import java.util.List;

/**
 * One server to try, as DNS named it, with its addresses (resolved through Postroom's resolver;
 * each carries the name, so nothing asks the JDK's resolver for it again).
 */
public record MailHost(String name, List<InetAddress> addresses) {
  public MailHost {
    addresses = List.copyOf(addresses);
  }
}
