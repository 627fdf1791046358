package org.postroom.smtp.server;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Arrays;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLServerSocket;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;

/**
 * TLS for the SMTP ports over Postroom's keystore: TLS 1.2 and 1.3 only, the JDK's default cipher
 * suites (never the anonymous or null ones a library might enable).
 */
final class SmtpTls {
  private static final String[] PROTOCOLS = {"TLSv1.3", "TLSv1.2"};
  private final SSLContext context;

  SmtpTls(SSLContext context) {
    this.context = context;
  }

  /** Server side of STARTTLS on an accepted plain socket. */
  SSLSocket wrap(Socket plain) throws IOException {
    SSLSocket s =
        (SSLSocket)
            context
                .getSocketFactory()
                .createSocket(
                    plain, plain.getInetAddress().getHostAddress(), plain.getPort(), true);
    s.setUseClientMode(false);
    s.setEnabledProtocols(supported(s.getSupportedProtocols()));
    return s;
  }

  /** An unbound server socket for implicit TLS (port 465). */
  ServerSocket serverSocket() throws IOException {
    SSLServerSocket s = (SSLServerSocket) context.getServerSocketFactory().createServerSocket();
    s.setEnabledProtocols(supported(s.getSupportedProtocols()));
    s.setReuseAddress(true);
    return s;
  }

  private static String[] supported(String[] available) {
    return Arrays.stream(PROTOCOLS)
        .filter(p -> Arrays.asList(available).contains(p))
        .toArray(String[]::new);
  }

  /** For the Received field: "using TLSv1.3 with cipher TLS_AES_256_GCM_SHA384". */
  static String describe(SSLSocket ssl) {
    SSLSession session = ssl.getSession();
    return "using " + session.getProtocol() + " with cipher " + session.getCipherSuite();
  }
}
