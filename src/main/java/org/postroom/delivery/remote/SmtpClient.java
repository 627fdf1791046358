package org.postroom.delivery.remote;

import jakarta.mail.Authenticator;
import jakarta.mail.MessagingException;
import jakarta.mail.PasswordAuthentication;
import jakarta.mail.Session;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * Opens SMTP sessions to foreign servers with Jakarta Mail's SMTP transport (Angus Mail): the
 * socket is connected here, to an address Postroom's resolver found, so the JDK's resolver is never
 * asked; then greeting, EHLO with Postroom's host name, STARTTLS when offered, AUTH when
 * credentials are given. The hosts of a route are tried in order, every address of each.
 *
 * <p>TLS to an MX is opportunistic, as between MTAs today: any certificate is accepted (encryption
 * against passive eavesdropping), and a server whose TLS handshake fails is tried again in plain
 * text. With credentials (a smarthost), TLS is required and the certificate must be valid for the
 * host name, so a password never travels in the clear or to an impostor.
 */
public final class SmtpClient {
  private static final Duration MAX_CONNECT = Duration.ofSeconds(30);

  /**
   * How to talk to the servers of one route.
   *
   * @param heloName the name in EHLO ({@code postroom.hostname})
   * @param implicitTls TLS from the first byte (port 465) instead of STARTTLS
   * @param user null for no AUTH
   */
  public record Options(
      String heloName,
      int port,
      Duration timeout,
      boolean implicitTls,
      String user,
      String password) {
    boolean verifyTls() {
      return user != null;
    }

    @Override
    public String toString() {
      return "port " + port + (implicitTls ? " (TLS)" : "") + (user == null ? "" : " as " + user);
    }
  }

  /** No server of the route could be reached or would talk; the reason is the last one met. */
  public static final class Unreachable extends Exception {
    private static final long serialVersionUID = 1L;
    private final RemoteReply reason;

    Unreachable(RemoteReply reason) {
      super(reason.toString());
      this.reason = reason;
    }

    public RemoteReply reason() {
      return reason;
    }
  }

  private final SSLSocketFactory verifying;
  private final SSLSocketFactory trustingAll;

  public SmtpClient() {
    this((SSLSocketFactory) SSLSocketFactory.getDefault());
  }

  /** With the trust store for smarthost certificates (tests use their own). */
  public SmtpClient(SSLSocketFactory verifying) {
    this.verifying = verifying;
    this.trustingAll = trustAll();
  }

  /**
   * Connects to the first host that answers and talks.
   *
   * @throws Unreachable with the last reason when none did
   */
  public ClientSession connect(List<MailHost> hosts, Options o) throws Unreachable {
    RemoteReply last = RemoteReply.none("no server to connect to", null);
    for (MailHost host : hosts) {
      for (InetAddress address : host.addresses()) {
        String label = host.name() + "[" + address.getHostAddress() + "]:" + o.port();
        try {
          return open(host.name(), address, label, o, true);
        } catch (TlsFailed e) {
          if (o.verifyTls()) {
            last =
                RemoteReply.none("TLS with " + label + " failed: " + reason(e.getCause()), label);
            continue;
          }
          try {
            return open(host.name(), address, label, o, false);
          } catch (TlsFailed | MessagingException | IOException again) {
            last = failure(again, label);
          }
        } catch (MessagingException | IOException e) {
          last = failure(e, label);
        }
      }
    }
    throw new Unreachable(last);
  }

  private static final class TlsFailed extends Exception {
    private static final long serialVersionUID = 1L;

    TlsFailed(Throwable cause) {
      super(cause);
    }
  }

  private ClientSession open(
      String name, InetAddress address, String label, Options o, boolean startTls)
      throws IOException, MessagingException, TlsFailed {
    int timeout = (int) Math.min(Integer.MAX_VALUE, o.timeout().toMillis());
    Socket socket = new Socket();
    try {
      socket.connect(
          new InetSocketAddress(address, o.port()),
          (int) Math.min(timeout, MAX_CONNECT.toMillis()));
      socket.setSoTimeout(timeout);
      socket.setTcpNoDelay(true);
      if (o.implicitTls()) {
        socket = wrap(socket, name, o);
      }
    } catch (IOException e) {
      socket.close();
      throw e;
    }
    RelayTransport transport = new RelayTransport(session(name, o, startTls, timeout));
    try {
      transport.connect(socket);
    } catch (MessagingException e) {
      String greeting = transport.getLastServerResponse();
      transport.closeQuietly();
      socket.close();
      if (startTls && !o.implicitTls() && hasCause(e, javax.net.ssl.SSLException.class)) {
        throw new TlsFailed(e);
      }
      if (greeting != null && !greeting.isBlank() && transport.getLastReturnCode() > 0) {
        throw new MessagingException(
            RemoteReply.of(transport.getLastReturnCode(), greeting, label).line(), e);
      }
      throw e;
    }
    return new ClientSession(transport, label);
  }

  private Socket wrap(Socket plain, String name, Options o) throws IOException {
    SSLSocketFactory f = o.verifyTls() ? verifying : trustingAll;
    SSLSocket s = (SSLSocket) f.createSocket(plain, name, o.port(), true);
    if (o.verifyTls()) {
      SSLParameters p = s.getSSLParameters();
      p.setEndpointIdentificationAlgorithm("HTTPS");
      s.setSSLParameters(p);
    }
    s.startHandshake();
    return s;
  }

  private Session session(String name, Options o, boolean startTls, int timeout) {
    Properties p = new Properties();
    p.put("mail.smtp.host", name);
    p.put("mail.smtp.port", String.valueOf(o.port()));
    p.put("mail.smtp.localhost", o.heloName());
    p.put("mail.smtp.timeout", String.valueOf(timeout));
    p.put("mail.smtp.starttls.enable", String.valueOf(startTls && !o.implicitTls()));
    p.put("mail.smtp.starttls.required", String.valueOf(o.verifyTls() && !o.implicitTls()));
    p.put("mail.smtp.ssl.socketFactory", o.verifyTls() ? verifying : trustingAll);
    p.put("mail.smtp.ssl.checkserveridentity", String.valueOf(o.verifyTls()));
    p.put("mail.smtp.quitwait", "false");
    p.put("mail.smtp.ehlo", "true");
    Authenticator auth = null;
    if (o.user() != null) {
      p.put("mail.smtp.auth", "true");
      p.put("mail.smtp.user", o.user());
      p.put("mail.smtp.auth.mechanisms", "PLAIN LOGIN");
      String user = o.user();
      String password = o.password() == null ? "" : o.password();
      auth =
          new Authenticator() {
            @Override
            protected PasswordAuthentication getPasswordAuthentication() {
              return new PasswordAuthentication(user, password);
            }
          };
    }
    return Session.getInstance(p, auth);
  }

  private static RemoteReply failure(Exception e, String label) {
    if (e instanceof TlsFailed) {
      return RemoteReply.none("TLS with " + label + " failed: " + reason(e.getCause()), label);
    }
    if (e instanceof IOException io) {
      return RemoteReply.none("connect to " + label + ": " + reason(io), label);
    }
    return RemoteReply.none(label + " did not talk to us: " + reason(e), label);
  }

  /** The most telling message in an exception chain, without class names. */
  static String reason(Throwable t) {
    List<String> parts = new ArrayList<>();
    for (Throwable x = t; x != null && parts.size() < 3; x = next(x)) {
      String m = x.getMessage();
      if (m != null && !m.isBlank() && parts.stream().noneMatch(m::contains)) {
        parts.add(m);
      }
    }
    return parts.isEmpty() ? t.getClass().getSimpleName() : String.join(": ", parts);
  }

  private static Throwable next(Throwable x) {
    if (x instanceof MessagingException me && me.getNextException() != null) {
      return me.getNextException();
    }
    return x.getCause() == x ? null : x.getCause();
  }

  static boolean hasCause(Throwable t, Class<? extends Throwable> type) {
    for (Throwable x = t; x != null; x = next(x)) {
      if (type.isInstance(x)) {
        return true;
      }
    }
    return false;
  }

  private static SSLSocketFactory trustAll() {
    TrustManager any =
        new X509TrustManager() {
          @Override
          public void checkClientTrusted(X509Certificate[] chain, String authType) {}

          @Override
          public void checkServerTrusted(X509Certificate[] chain, String authType) {
            // opportunistic TLS between MTAs: encryption without authentication (RFC 7435)
          }

          @Override
          public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
          }
        };
    try {
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(null, new TrustManager[] {any}, null);
      return ctx.getSocketFactory();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("no TLS in this JVM", e);
    }
  }
}
