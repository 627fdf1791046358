package org.postroom.smtp.server;

import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.util.List;
import java.util.Locale;
import java.util.function.BiFunction;
import java.util.logging.Level;
import java.util.logging.Logger;
import javax.net.ssl.SSLSocket;
import org.postroom.core.DeliveryException;
import org.postroom.core.SmtpStatus;
import org.postroom.smtp.Sasl;
import org.postroom.smtp.SmtpReplies;
import org.postroom.smtp.SmtpSession;
import org.postroom.smtp.TraceHeaders;
import org.subethamail.smtp.DropConnectionException;
import org.subethamail.smtp.internal.server.Command;
import org.subethamail.smtp.internal.server.HelpMessage;
import org.subethamail.smtp.server.SMTPServer;
import org.subethamail.smtp.server.Session;

/**
 * Postroom's SMTP commands, installed over subethasmtp's own (which advertise CHUNKING and SMTPUTF8
 * unconditionally, skip the Received field for BDAT, accept mail before EHLO and keep a transaction
 * alive after a refused DATA). subethasmtp still owns the socket, the command-line reader
 * (CRLF-only, 998 characters), NOOP, HELP and the session threads; every decision is made by {@link
 * SmtpSession}. A failure inside a command becomes a 451 with an id in the server log, never a
 * stack trace or a generic 554.
 */
final class Commands {
  private static final Logger LOG = Logger.getLogger(Commands.class.getName());

  /** After a bare CR/LF: how long the client may go on sending before it gets its reply. */
  private static final int DRAIN_QUIET_MILLIS = 1000;

  private static final long DRAIN_MAX_MILLIS = 10_000;
  private static final long DRAIN_MAX_BYTES = 64L << 20;

  private Commands() {}

  /** Replaces the library's commands on a server. */
  static void install(SMTPServer server, Connections connections) {
    for (Command c :
        List.of(
            new Hello("EHLO", true, connections),
            new Hello("HELO", false, connections),
            new OneStep("MAIL", SmtpSession::mail, connections),
            new OneStep("RCPT", SmtpSession::rcpt, connections),
            new Data(connections),
            new Reset(connections),
            new Quit(connections),
            new StartTls(connections),
            new Auth(connections),
            new Fixed("BDAT", SmtpReplies.NO_CHUNKING, true),
            new Fixed("VRFY", SmtpReplies.NO_VRFY, false),
            new Fixed("EXPN", SmtpReplies.NOT_IMPLEMENTED, false))) {
      server.getCommandHandler().addCommand(c);
    }
  }

  /** Common frame: finds the session, turns refusals and failures into replies. */
  private abstract static class Base implements Command {
    private final String name;
    private final boolean takesArgument;
    final Connections connections;

    Base(String name, Connections connections) {
      this(name, true, connections);
    }

    Base(String name, boolean takesArgument, Connections connections) {
      this.name = name;
      this.takesArgument = takesArgument;
      this.connections = connections;
    }

    @Override
    public final void execute(String line, Session s) throws IOException, DropConnectionException {
      try {
        String argument = argument(line);
        if (!takesArgument && !argument.isBlank()) {
          reply(s, SmtpReplies.NO_PARAMETERS);
          return;
        }
        run(argument, connections.session(s), s);
      } catch (DeliveryException e) {
        reply(s, e.status());
      } catch (RuntimeException e) {
        String id = TraceHeaders.newMailId();
        LOG.log(Level.WARNING, "smtp " + name + " failed (" + id + ")", e);
        reply(s, SmtpReplies.localError(id));
      }
    }

    abstract void run(String argument, SmtpSession session, Session s)
        throws IOException, DropConnectionException;

    /** The text after the verb, without the separating space. */
    String argument(String line) {
      return line.length() > name.length() ? line.substring(name.length()) : "";
    }

    @Override
    public HelpMessage getHelp() {
      return new HelpMessage(name, "See RFC 5321");
    }

    @Override
    public String getName() {
      return name;
    }
  }

  static void reply(Session s, SmtpStatus status) throws IOException {
    s.sendResponse(status.line());
  }

  static DropConnectionException drop(SmtpStatus status) {
    return new DropConnectionException(status.code(), status.line().substring(4));
  }

  /** EHLO and HELO. */
  private static final class Hello extends Base {
    private final boolean extended;

    Hello(String name, boolean extended, Connections c) {
      super(name, c);
      this.extended = extended;
    }

    @Override
    void run(String argument, SmtpSession session, Session s) throws IOException {
      List<String> lines = session.hello(argument, extended);
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < lines.size(); i++) {
        sb.append(i > 0 ? "\r\n" : "").append(i == lines.size() - 1 ? "250 " : "250-");
        sb.append(lines.get(i));
      }
      s.sendResponse(sb.toString());
    }
  }

  /** A command whose whole answer is one {@link SmtpSession} call: MAIL and RCPT. */
  private static final class OneStep extends Base {
    private final BiFunction<SmtpSession, String, SmtpStatus> step;

    OneStep(String name, BiFunction<SmtpSession, String, SmtpStatus> step, Connections c) {
      super(name, c);
      this.step = step;
    }

    @Override
    void run(String argument, SmtpSession session, Session s) throws IOException {
      reply(s, step.apply(session, argument));
    }
  }

  /** DATA: 354, the message, then 250 only once it is stored. */
  private static final class Data extends Base {
    Data(Connections c) {
      super("DATA", false, c);
    }

    @Override
    void run(String argument, SmtpSession session, Session s)
        throws IOException, DropConnectionException {
      SmtpStatus allowed = session.dataAllowed();
      reply(s, allowed);
      if (allowed.code() != 354) {
        return;
      }
      SmtpSession.DataOutcome outcome;
      connections.receiving(true);
      try {
        outcome = session.data(s.getRawInput());
      } finally {
        connections.receiving(false);
      }
      if (outcome.close()) {
        drain(s);
        throw drop(outcome.reply());
      }
      reply(s, outcome.reply());
    }

    /**
     * Reads whatever the client is still sending (bounded), so that it has finished writing and
     * reads the refusal instead of a connection reset.
     */
    private void drain(Session s) {
      byte[] buf = new byte[8192];
      long until = System.currentTimeMillis() + DRAIN_MAX_MILLIS;
      long total = 0;
      try {
        s.getSocket().setSoTimeout(DRAIN_QUIET_MILLIS);
        InputStream in = s.getRawInput();
        int n;
        while (System.currentTimeMillis() < until
            && total < DRAIN_MAX_BYTES
            && (n = in.read(buf)) >= 0) {
          total += n;
        }
      } catch (SocketTimeoutException e) {
        // quiet: the client waits for our reply
      } catch (IOException e) {
        LOG.log(Level.FINE, "drain after refused data", e);
      }
    }
  }

  private static final class Reset extends Base {
    Reset(Connections c) {
      super("RSET", false, c);
    }

    @Override
    void run(String argument, SmtpSession session, Session s) throws IOException {
      session.reset();
      reply(s, SmtpReplies.OK);
    }
  }

  /** QUIT gives the address slot back before answering, so an immediate reconnect is admitted. */
  private static final class Quit extends Base {
    Quit(Connections c) {
      super("QUIT", false, c);
    }

    @Override
    void run(String argument, SmtpSession session, Session s) throws IOException {
      connections.release(s);
      s.sendResponse("221 2.0.0 Bye");
      s.quit();
    }
  }

  /**
   * STARTTLS. Anything the client sent after the command before the handshake (pipelined in the
   * same packet, CVE-2011-0411 and its kin) ends the connection; after the handshake the session
   * starts over, so nothing said in the clear survives.
   */
  private static final class StartTls extends Base {
    StartTls(Connections c) {
      super("STARTTLS", false, c);
    }

    @Override
    void run(String argument, SmtpSession session, Session s)
        throws IOException, DropConnectionException {
      SmtpStatus allowed = session.startTlsAllowed();
      if (allowed.code() != 220) {
        reply(s, allowed);
        return;
      }
      if (s.getRawInput().available() > 0) {
        throw drop(SmtpReplies.STARTTLS_PIPELINING);
      }
      reply(s, allowed);
      SSLSocket ssl;
      try {
        ssl = connections.listener(s).tls().wrap(s.getSocket());
        ssl.setSoTimeout(connections.idleTimeout());
        ssl.startHandshake();
      } catch (IOException e) {
        LOG.fine(() -> "smtp: STARTTLS handshake failed: " + e);
        s.quit();
        return;
      }
      s.setSocket(ssl);
      s.setTlsStarted(true);
      s.resetSmtpProtocol();
      session.tlsStarted(SmtpTls.describe(ssl));
    }
  }

  /** AUTH PLAIN and AUTH LOGIN, with or without an initial response. */
  private static final class Auth extends Base {
    Auth(Connections c) {
      super("AUTH", c);
    }

    @Override
    void run(String argument, SmtpSession session, Session s) throws IOException {
      String[] args = argument.strip().split(" +");
      if (args.length < 1 || args.length > 2 || args[0].isEmpty()) {
        reply(s, SmtpStatus.of(501, "5.5.4", "Syntax: AUTH mechanism [initial-response]"));
        return;
      }
      SmtpStatus allowed = session.authAllowed(args[0]);
      if (allowed != SmtpReplies.OK) {
        reply(s, allowed);
        return;
      }
      String initial = args.length == 2 ? args[1] : null;
      Sasl.Credentials credentials;
      if (args[0].toUpperCase(Locale.ROOT).equals("PLAIN")) {
        String response = initial != null ? initial : prompt(s, "334 ");
        credentials = response == null ? null : Sasl.plain(response);
      } else {
        String user = initial != null ? initial : prompt(s, "334 " + Sasl.LOGIN_USERNAME_PROMPT);
        String password = user == null ? null : prompt(s, "334 " + Sasl.LOGIN_PASSWORD_PROMPT);
        credentials =
            password == null ? null : new Sasl.Credentials(Sasl.text(user), Sasl.text(password));
      }
      reply(
          s, credentials == null ? SmtpReplies.AUTH_CANCELLED : session.authenticate(credentials));
    }

    /** Sends a challenge and reads the answer; null when the client cancels with "*". */
    private static String prompt(Session s, String challenge) throws IOException {
      s.sendResponse(challenge);
      String line = s.getReader().readLine();
      if (line == null) {
        throw new java.io.EOFException("connection closed during AUTH");
      }
      return line.strip().equals("*") ? null : line;
    }
  }

  /** A command with a fixed answer; {@code close} ends the connection after it. */
  private static final class Fixed implements Command {
    private final String name;
    private final SmtpStatus reply;
    private final boolean close;

    Fixed(String name, SmtpStatus reply, boolean close) {
      this.name = name;
      this.reply = reply;
      this.close = close;
    }

    @Override
    public void execute(String line, Session s) throws IOException, DropConnectionException {
      if (close) {
        // a BDAT chunk follows the command: its bytes must not be read as commands
        throw drop(reply);
      }
      reply(s, reply);
    }

    @Override
    public HelpMessage getHelp() {
      return new HelpMessage(name, "Not offered");
    }

    @Override
    public String getName() {
      return name;
    }
  }
}
