package org.postroom.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/**
 * A minimal HTTP/1.1 client that can choose its source address (127.0.0.x), which the JDK's clients
 * cannot: tests of per-address rules (sign-in throttling, loopback-only setup) need it.
 */
public final class RawHttp {
  private RawHttp() {}

  /** The status line, headers and body of one response, as text. */
  public record Response(int status, String head, String body) {}

  public static Response request(
      String sourceAddress,
      int port,
      String method,
      String path,
      String extraHeaders,
      String body) {
    try (Socket s = new Socket()) {
      s.bind(new InetSocketAddress(InetAddress.getByName(sourceAddress), 0));
      s.connect(new InetSocketAddress("127.0.0.1", port), 10_000);
      s.setSoTimeout(60_000);
      byte[] payload = body == null ? new byte[0] : body.getBytes(StandardCharsets.UTF_8);
      String req =
          method
              + " "
              + path
              + " HTTP/1.1\r\nHost: 127.0.0.1:"
              + port
              + "\r\nConnection: close\r\n"
              + (extraHeaders == null ? "" : extraHeaders)
              + (body == null ? "" : "Content-Length: " + payload.length + "\r\n")
              + "\r\n";
      OutputStream out = s.getOutputStream();
      out.write(req.getBytes(StandardCharsets.ISO_8859_1));
      out.write(payload);
      out.flush();
      InputStream in = s.getInputStream();
      String all = new String(in.readAllBytes(), StandardCharsets.UTF_8);
      int split = all.indexOf("\r\n\r\n");
      String head = split < 0 ? all : all.substring(0, split);
      String rest = split < 0 ? "" : all.substring(split + 4);
      int status = Integer.parseInt(head.substring(9, 12));
      return new Response(status, head, rest);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
