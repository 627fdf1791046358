package org.postroom.mailbox;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * Reads an mbox (mboxrd or mboxo) one message at a time from a stream, so an export of any size
 * never sits in memory: a line {@code From } after an empty line (or at the start) begins the next
 * message, one {@code >} is taken from {@code >From } lines, and line ends become CRLF.
 */
public final class Mbox implements Iterator<byte[]> {
  /** A message larger than this in an mbox is refused rather than read into memory. */
  public static final int MAX_MESSAGE = 64 * 1024 * 1024;

  private final InputStream in;
  private byte[] pendingLine;
  private byte[] next;
  private boolean done;

  public Mbox(InputStream in) {
    this.in = in;
  }

  @Override
  public boolean hasNext() {
    if (next == null && !done) {
      next = read();
    }
    return next != null;
  }

  @Override
  public byte[] next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    byte[] m = next;
    next = null;
    return m;
  }

  private byte[] read() {
    try {
      ByteArrayOutputStream msg = new ByteArrayOutputStream();
      boolean started = false;
      boolean previousBlank = true;
      while (true) {
        byte[] line = pendingLine != null ? pendingLine : line();
        pendingLine = null;
        if (line == null) {
          done = true;
          return started ? trimmed(msg) : null;
        }
        boolean fromLine = startsWith(line, 0, "From ");
        if (fromLine && previousBlank) {
          if (started) {
            pendingLine = line;
            return trimmed(msg);
          }
          started = true;
          previousBlank = false;
          continue;
        }
        if (!started) {
          if (line.length == 0) {
            continue;
          }
          started = true; // a lone message without a From_ line
        }
        int gt = 0;
        while (gt < line.length && line[gt] == '>') {
          gt++;
        }
        int skip = gt > 0 && startsWith(line, gt, "From ") ? 1 : 0;
        msg.write(line, skip, line.length - skip);
        msg.write('\r');
        msg.write('\n');
        if (msg.size() > MAX_MESSAGE) {
          throw new IllegalArgumentException(
              "A message in the mbox is larger than " + (MAX_MESSAGE >> 20) + " MB.");
        }
        previousBlank = line.length == 0;
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The message without the empty line that separates it from the next From_ line. */
  private static byte[] trimmed(ByteArrayOutputStream msg) {
    byte[] b = msg.toByteArray();
    int end = b.length;
    if (end >= 4 && b[end - 1] == '\n' && b[end - 3] == '\n') {
      end -= 2;
    }
    return java.util.Arrays.copyOf(b, end);
  }

  /** One line without its CR/LF, or null at the end. */
  private byte[] line() throws IOException {
    ByteArrayOutputStream b = new ByteArrayOutputStream(128);
    int c;
    boolean any = false;
    while ((c = in.read()) >= 0) {
      any = true;
      if (c == '\n') {
        break;
      }
      b.write(c);
      if (b.size() > MAX_MESSAGE) {
        throw new IllegalArgumentException("A line in the mbox is too long.");
      }
    }
    if (!any) {
      return null;
    }
    byte[] l = b.toByteArray();
    return l.length > 0 && l[l.length - 1] == '\r' ? java.util.Arrays.copyOf(l, l.length - 1) : l;
  }

  private static boolean startsWith(byte[] line, int at, String prefix) {
    if (line.length - at < prefix.length()) {
      return false;
    }
    for (int i = 0; i < prefix.length(); i++) {
      if (line[at + i] != prefix.charAt(i)) {
        return false;
      }
    }
    return true;
  }
}
