package org.postroom.delivery.remote;

import jakarta.mail.MessagingException;
import java.io.IOException;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One open connection to a foreign server, good for several transactions in a row. Each transaction
 * reports a reply per recipient: RCPT refusals apply to their recipient, a refused MAIL or DATA to
 * all, and a connection lost before the server confirmed the data is a temporary failure for the
 * recipients it was carrying (they may have arrived; a retry can duplicate them).
 */
public final class ClientSession implements AutoCloseable {
  private final RelayTransport transport;
  private final String host;
  private boolean broken;
  private int transactions;

  ClientSession(RelayTransport transport, String host) {
    this.transport = transport;
    this.host = host;
  }

  /** The server as {@code name[address]:port}. */
  public String host() {
    return host;
  }

  /** False once the connection broke; open a new session for more. */
  public boolean isUsable() {
    return !broken;
  }

  /**
   * The results of one transaction, per recipient in the order given.
   *
   * @param started false when a reused connection was already gone before the server answered MAIL:
   *     nothing was attempted, and the recipients can go on a new connection without counting an
   *     attempt
   */
  public record Result(Map<String, RemoteReply> replies, boolean started) {}

  /**
   * One transaction: MAIL FROM, RCPT TO for each recipient, DATA with the message's bytes.
   *
   * @param reversePath the envelope sender, {@code ""} for the null sender
   */
  public Result send(String reversePath, List<String> recipients, byte[] content) {
    Map<String, RemoteReply> replies = new LinkedHashMap<>();
    if (broken) {
      throw new IllegalStateException("the connection to " + host + " is closed");
    }
    boolean fresh = transactions++ == 0;
    String mail = "MAIL FROM:<" + reversePath + ">";
    if (transport.supportsExtension("SIZE")) {
      mail += " SIZE=" + content.length;
    }
    if (transport.supportsExtension("8BITMIME") && has8Bit(content)) {
      mail += " BODY=8BITMIME";
    }
    RemoteReply mailReply = null;
    try {
      // with PIPELINING, MAIL, every RCPT and DATA go in one write (RFC 2920): two round trips
      RemoteReply dataCommand = null;
      if (transport.supportsExtension("PIPELINING")) {
        transport.send(mail);
        for (String r : recipients) {
          transport.send("RCPT TO:<" + r + ">");
        }
        transport.send("DATA");
        mailReply = reply(transport.read());
        for (String r : recipients) {
          RemoteReply rr = reply(transport.read());
          replies.put(r, mailReply.outcome() == Outcome.DELIVERED ? rr : mailReply);
        }
        dataCommand = reply(transport.read());
      } else {
        mailReply = reply(transport.simpleCommand(mail));
        for (String r : recipients) {
          replies.put(
              r,
              mailReply.outcome() == Outcome.DELIVERED
                  ? reply(transport.simpleCommand("RCPT TO:<" + r + ">"))
                  : mailReply);
        }
      }
      if (mailReply.code() < 0) {
        throw new MessagingException("connection lost");
      }
      List<String> accepted =
          recipients.stream().filter(r -> replies.get(r).outcome() == Outcome.DELIVERED).toList();
      if (accepted.isEmpty()) {
        if (dataCommand != null && dataCommand.code() == 354) {
          endEmptyData(); // a server that took DATA without recipients gets an empty message
        }
        if (mailReply.outcome() == Outcome.DELIVERED) {
          transport.simpleCommand("RSET");
        }
        return new Result(replies, true);
      }
      RemoteReply dataReply;
      if (dataCommand != null && dataCommand.code() != 354) {
        dataReply = dataCommand;
        transport.simpleCommand("RSET");
      } else {
        try {
          OutputStream out = dataCommand != null ? transport.continueData() : transport.startData();
          out.write(content);
          transport.endData();
          dataReply = reply(transport.getLastReturnCode());
        } catch (MessagingException e) {
          if (transport.getLastReturnCode() <= 0 || SmtpClient.hasCause(e, IOException.class)) {
            throw e;
          }
          dataReply = reply(transport.getLastReturnCode());
          transport.simpleCommand("RSET");
        }
      }
      for (String r : accepted) {
        replies.put(r, dataReply);
      }
      return new Result(replies, true);
    } catch (MessagingException | IOException | RuntimeException e) {
      broken = true;
      transport.closeQuietly();
      boolean answered = mailReply != null && mailReply.code() > 0;
      RemoteReply lost =
          RemoteReply.none(
              "lost connection with " + host + " during the transaction: " + SmtpClient.reason(e),
              host);
      for (String r : recipients) {
        RemoteReply known = replies.get(r);
        if (known == null || known.outcome() == Outcome.DELIVERED) {
          replies.put(r, lost);
        }
      }
      return new Result(replies, answered || fresh);
    }
  }

  private void endEmptyData() throws MessagingException, IOException {
    transport.continueData();
    try {
      transport.endData();
    } catch (MessagingException e) {
      if (transport.getLastReturnCode() <= 0) {
        throw e;
      }
    }
  }

  private RemoteReply reply(int code) {
    return RemoteReply.of(code, transport.getLastServerResponse(), host);
  }

  private static boolean has8Bit(byte[] b) {
    for (byte x : b) {
      if (x < 0) {
        return true;
      }
    }
    return false;
  }

  @Override
  public void close() {
    broken = true;
    transport.closeQuietly();
  }
}
