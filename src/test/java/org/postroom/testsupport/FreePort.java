package org.postroom.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;

/** Free TCP ports on loopback, so parallel runs and leftover processes never collide. */
public final class FreePort {
  private FreePort() {}

  public static int on(String loopbackAddress) {
    try (ServerSocket s = new ServerSocket()) {
      s.setReuseAddress(false);
      s.bind(new InetSocketAddress(InetAddress.getByName(loopbackAddress), 0));
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public static int any() {
    return on("127.0.0.1");
  }
}
