package org.postroom.testsupport;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A loopback HTTP listener that answers every request with a 1x1 GIF and remembers the paths it was
 * asked for: the "remote server" of a tracking pixel or a script's beacon.
 */
public final class RequestCounter implements AutoCloseable {
  private static final byte[] GIF = {
    71, 73, 70, 56, 57, 97, 1, 0, 1, 0, -128, 0, 0, 0, 0, 0, -1, -1, -1, 33, -7, 4, 1, 0, 0, 0, 0,
    44, 0, 0, 0, 0, 1, 0, 1, 0, 0, 2, 2, 68, 1, 0, 59
  };
  private final HttpServer server;
  private final List<String> paths = new CopyOnWriteArrayList<>();

  private RequestCounter(HttpServer server) {
    this.server = server;
  }

  public static RequestCounter start() {
    try {
      HttpServer s =
          HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
      RequestCounter c = new RequestCounter(s);
      s.createContext(
          "/",
          ex -> {
            c.paths.add(ex.getRequestURI().getPath());
            ex.getResponseHeaders().add("Content-Type", "image/gif");
            ex.sendResponseHeaders(200, GIF.length);
            ex.getResponseBody().write(GIF);
            ex.close();
          });
      s.start();
      return c;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** http://127.0.0.1:port */
  public String base() {
    return "http://127.0.0.1:" + server.getAddress().getPort();
  }

  public List<String> paths() {
    return List.copyOf(paths);
  }

  public int count() {
    return paths.size();
  }

  @Override
  public void close() {
    server.stop(0);
  }
}
