package org.postroom.testsupport;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * A raw-socket SMTP client for scripted conversations: bytes go out exactly as written (mail
 * libraries repair line endings and would hide the bugs under test), replies are read line by line,
 * and everything is kept as a {@code C:}/{@code S:} transcript for failure messages. Can connect
 * from a chosen loopback address (127.0.0.x), so tests that trip a per-address limit do not disturb
 * others.
 */
public final class SmtpClient implements AutoCloseable {
  private Socket socket;
  private InputStream in;
  private OutputStream out;
  private final StringBuilder transcript = new StringBuilder();

  private SmtpClient(Socket socket) throws IOException {
    use(socket);
  }

  /** Connects from 127.0.0.1 to 127.0.0.1:port and reads the greeting. */
  public static SmtpClient connect(int port) {
    return connect("127.0.0.1", "127.0.0.1", port, false);
  }

  /**
   * Connects from {@code source} to {@code host}:port (both loopback addresses), optionally with
   * TLS from the first byte, and reads the greeting.
   */
  public static SmtpClient connect(String source, String host, int port, boolean implicitTls) {
    if (!source.startsWith("127.") || !host.startsWith("127.")) {
      throw new IllegalArgumentException("tests talk to loopback only");
    }
    try {
      Socket s = new Socket();
      s.bind(new InetSocketAddress(InetAddress.getByName(source), 0));
      s.connect(new InetSocketAddress(host, port), 10_000);
      s.setSoTimeout(30_000);
      SmtpClient c = new SmtpClient(implicitTls ? tls(s) : s);
      c.reply();
      return c;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void use(Socket s) throws IOException {
    socket = s;
    in = s.getInputStream();
    out = s.getOutputStream();
  }

  /** Trusts any certificate: the tests check Postroom's behaviour, not its self-signed chain. */
  private static SSLSocket tls(Socket plain) throws IOException {
    try {
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(
          null,
          new TrustManager[] {
            new X509TrustManager() {
              @Override
              public void checkClientTrusted(X509Certificate[] c, String a) {}

              @Override
              public void checkServerTrusted(X509Certificate[] c, String a) {}

              @Override
              public X509Certificate[] getAcceptedIssuers() {
                return new X509Certificate[0];
              }
            }
          },
          new SecureRandom());
      SSLSocket s =
          (SSLSocket)
              ctx.getSocketFactory()
                  .createSocket(
                      plain, plain.getInetAddress().getHostAddress(), plain.getPort(), true);
      s.setUseClientMode(true);
      s.startHandshake();
      return s;
    } catch (java.security.GeneralSecurityException e) {
      throw new IOException(e);
    }
  }

  public SmtpClient setTimeout(int millis) {
    try {
      socket.setSoTimeout(millis);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return this;
  }

  /** Sends a line (CRLF added) and returns the reply. */
  public String command(String line) {
    send(line + "\r\n");
    return reply();
  }

  /** Sends bytes exactly as given (ISO-8859-1), without reading. */
  public SmtpClient send(String raw) {
    return send(raw.getBytes(StandardCharsets.ISO_8859_1));
  }

  public SmtpClient send(byte[] raw) {
    try {
      out.write(raw);
      out.flush();
      String shown = new String(raw, 0, Math.min(raw.length, 300), StandardCharsets.ISO_8859_1);
      transcript.append("C: ").append(shown.replace("\r", "\\r").replace("\n", "\\n"));
      transcript.append(raw.length > 300 ? " ... (" + raw.length + " bytes)\n" : "\n");
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException(transcript.toString(), e);
    }
  }

  /** Reads one (possibly multi-line) reply; null when the server closed the connection. */
  public String reply() {
    StringBuilder sb = new StringBuilder();
    while (true) {
      String line = line();
      if (line == null) {
        return sb.length() == 0 ? null : sb.toString();
      }
      transcript.append("S: ").append(line).append('\n');
      sb.append(sb.length() > 0 ? "\n" : "").append(line);
      if (line.length() < 4 || line.charAt(3) != '-') {
        return sb.toString();
      }
    }
  }

  private String line() {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    try {
      int c;
      while ((c = in.read()) >= 0) {
        if (c == '\n') {
          break;
        }
        if (c != '\r') {
          b.write(c);
        }
      }
      if (c < 0 && b.size() == 0) {
        return null;
      }
    } catch (SocketTimeoutException e) {
      throw new AssertionError("no reply within the timeout; transcript:\n" + transcript, e);
    } catch (IOException e) {
      // a reset after the server closed counts as closed
      return b.size() == 0 ? null : b.toString(StandardCharsets.ISO_8859_1);
    }
    return b.toString(StandardCharsets.ISO_8859_1);
  }

  /**
   * Runs a scripted conversation: {@code "C: EHLO x"} sends a line, {@code "S: 250"} expects the
   * next reply to start with the text (its last line, for multi-line replies).
   *
   * @throws AssertionError with the transcript when a reply differs
   */
  public SmtpClient script(String... steps) {
    for (String step : steps) {
      if (step.startsWith("C: ")) {
        send(step.substring(3) + "\r\n");
      } else if (step.startsWith("S: ")) {
        expect(step.substring(3));
      } else {
        throw new IllegalArgumentException("a step starts with C: or S: - " + step);
      }
    }
    return this;
  }

  /** Reads the next reply and checks its last line starts with the text. */
  public String expect(String start) {
    String r = reply();
    String last = r == null ? null : r.substring(r.lastIndexOf('\n') + 1);
    if (last == null || !last.startsWith(start)) {
      throw new AssertionError(
          "expected a reply starting with '" + start + "'; transcript:\n" + transcript);
    }
    return r;
  }

  /** True once the server has closed the connection (reads until EOF, bounded by the timeout). */
  public boolean isClosedByServer() {
    return reply() == null;
  }

  /** STARTTLS and the handshake (trusting any certificate). */
  public SmtpClient startTls() {
    expectAfter("STARTTLS", "220");
    try {
      use(tls(socket));
      transcript.append("-- TLS started\n");
    } catch (IOException e) {
      throw new UncheckedIOException(transcript.toString(), e);
    }
    return this;
  }

  private void expectAfter(String command, String start) {
    send(command + "\r\n");
    expect(start);
  }

  /** EHLO, and over TLS AUTH PLAIN with these credentials; returns the AUTH reply. */
  public String authPlain(String user, String password) {
    String token =
        Base64.getEncoder()
            .encodeToString(("\0" + user + "\0" + password).getBytes(StandardCharsets.UTF_8));
    return command("AUTH PLAIN " + token);
  }

  /** The envelope and data of one message; returns the reply to the final dot. */
  public String sendMail(String from, List<String> to, String message) {
    expectAfter("MAIL FROM:<" + from + ">", "250");
    for (String r : to) {
      expectAfter("RCPT TO:<" + r + ">", "250");
    }
    expectAfter("DATA", "354");
    send(message.endsWith("\r\n") ? message + ".\r\n" : message + "\r\n.\r\n");
    return reply();
  }

  /** A small well-formed message with this Message-ID and subject. */
  public static String message(String messageId, String subject) {
    return "From: Sender <sender@remote.test>\r\nTo: someone@example.test\r\nSubject: "
        + subject
        + "\r\nMessage-ID: <"
        + messageId
        + ">\r\nDate: Mon, 30 Nov 2026 10:00:00 +0000\r\n\r\nHello.\r\n";
  }

  public String transcript() {
    return transcript.toString();
  }

  /** The replies seen so far, one per line, without the commands. */
  public List<String> replies() {
    List<String> out = new ArrayList<>();
    for (String l : transcript.toString().split("\n")) {
      if (l.startsWith("S: ")) {
        out.add(l.substring(3));
      }
    }
    return out;
  }

  @Override
  public void close() {
    try {
      socket.close();
    } catch (IOException e) {
      // closing anyway
    }
  }
}
