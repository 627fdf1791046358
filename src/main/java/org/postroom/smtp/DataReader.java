package org.postroom.smtp;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Reads the text after {@code 354} up to the end-of-data line, strictly: lines end with CRLF and
 * nothing else, the only end is {@code CRLF . CRLF} (so {@code \n.\n}, {@code \r.\r} and every mix
 * can neither end the data nor start a second transaction), dots are unstuffed, and the bytes go to
 * a sink only while the message is within its limits. Reads byte by byte and never past the end
 * line, so pipelined commands after it stay in the stream.
 *
 * <p>A bare CR or LF stops reading at once (the caller answers and closes the connection: where the
 * client thinks the data ends is unknown). A message over the size or line limit is read to its end
 * without being kept, then refused.
 */
public final class DataReader {
  private static final byte[] CRLF = {'\r', '\n'};

  /** What was wrong with the data, if anything; the first problem found wins. */
  public enum Problem {
    NONE,
    BARE_LINE_ENDING,
    TOO_BIG,
    LINE_TOO_LONG
  }

  /**
   * The outcome.
   *
   * @param octets the message's size after dot-unstuffing (counted even when not kept)
   * @param complete whether the end-of-data line was read (false: the connection must close)
   */
  public record Result(Problem problem, long octets, boolean complete, Headers headers) {
    public boolean ok() {
      return problem == Problem.NONE;
    }
  }

  /**
   * What the header section says, for the checks made after DATA.
   *
   * @param received number of {@code Received:} fields (the hop count)
   * @param from the unfolded value of the first {@code From:} field, or null
   * @param fromFields number of {@code From:} fields
   * @param messageId the value of {@code Message-ID:}, or null
   * @param hasDate whether a {@code Date:} field is present
   */
  public record Headers(
      int received, String from, int fromFields, String messageId, boolean hasDate) {}

  private final long maxOctets;
  private final int maxLineLength;
  private final long giveUpAfter;

  /**
   * @param maxOctets the largest message kept
   * @param maxLineLength the longest line, without CRLF
   */
  public DataReader(long maxOctets, int maxLineLength) {
    this.maxOctets = maxOctets;
    this.maxLineLength = Math.min(maxLineLength, 1 << 20);
    // an endless stream after the limit is not read forever
    this.giveUpAfter = maxOctets > Long.MAX_VALUE / 4 ? Long.MAX_VALUE : maxOctets * 2 + (1 << 20);
  }

  /**
   * Reads one message.
   *
   * @param in the connection's input, positioned after the DATA command line
   * @param sink receives the unstuffed message while it is within the limits
   * @throws EOFException when the client closes the connection before the end
   */
  public Result read(InputStream in, OutputStream sink) throws IOException {
    Source src = new Source(in);
    try {
      return scan(src, sink);
    } finally {
      src.giveBackUnread();
    }
  }

  private Result scan(Source src, OutputStream sink) throws IOException {
    byte[] line = new byte[maxLineLength + 1]; // room for a stuffed dot
    long lineLength = 0;
    boolean cr = false;
    long octets = 0;
    long seen = 0;
    Problem problem = Problem.NONE;
    HeaderScanner headers = new HeaderScanner();
    while (true) {
      int b = src.next();
      if (++seen > giveUpAfter) {
        problem = problem == Problem.NONE ? Problem.TOO_BIG : problem;
        return new Result(problem, octets, false, headers.result());
      }
      if (cr) {
        if (b != '\n') {
          return new Result(Problem.BARE_LINE_ENDING, octets, false, headers.result());
        }
        cr = false;
        if (lineLength == 1 && line[0] == '.') {
          return new Result(problem, octets, true, headers.result());
        }
        int start = lineLength > 0 && line[0] == '.' ? 1 : 0;
        long content = lineLength - start;
        octets += content + 2;
        if (problem == Problem.NONE && content > maxLineLength) {
          problem = Problem.LINE_TOO_LONG;
        } else if (problem == Problem.NONE && octets > maxOctets) {
          problem = Problem.TOO_BIG;
        }
        if (problem == Problem.NONE) {
          int end = (int) lineLength;
          sink.write(line, start, end - start);
          sink.write(CRLF);
          headers.line(line, start, end);
        }
        lineLength = 0;
      } else if (b == '\r') {
        cr = true;
      } else if (b == '\n') {
        return new Result(Problem.BARE_LINE_ENDING, octets, false, headers.result());
      } else {
        if (lineLength < line.length) {
          line[(int) lineLength] = (byte) b;
        }
        lineLength++;
      }
    }
  }

  /**
   * Reads the connection in chunks but gives back what lies after the point where reading stopped
   * (pipelined commands), using mark and reset; byte by byte where the stream cannot do that.
   */
  private static final class Source {
    private static final int CHUNK = 8192;
    private final InputStream in;
    private final byte[] buf;
    private int pos;
    private int len;

    Source(InputStream in) {
      this.in = in;
      this.buf = new byte[in.markSupported() ? CHUNK : 1];
    }

    int next() throws IOException {
      if (pos == len) {
        if (buf.length > 1) {
          in.mark(CHUNK);
        }
        len = in.read(buf, 0, buf.length);
        pos = 0;
        if (len <= 0) {
          len = 0;
          throw new EOFException("connection closed during DATA");
        }
      }
      return buf[pos++] & 0xff;
    }

    /** Puts the bytes of the current chunk that were not looked at back into the stream. */
    void giveBackUnread() throws IOException {
      if (buf.length > 1 && pos < len) {
        in.reset();
        long skip = pos;
        while (skip > 0) {
          long n = in.skip(skip);
          if (n <= 0) {
            throw new IOException("cannot skip to the end of the message data");
          }
          skip -= n;
        }
      }
    }
  }

  /** Follows the header section line by line and remembers what the checks need. */
  private static final class HeaderScanner {
    private static final int MAX_VALUE = 4000;
    private boolean done;
    private String current;
    private StringBuilder value;
    private int received;
    private int fromFields;
    private String from;
    private String messageId;
    private boolean hasDate;

    void line(byte[] b, int start, int end) {
      if (done) {
        return;
      }
      if (start == end) {
        finish();
        done = true;
        return;
      }
      if (b[start] == ' ' || b[start] == '\t') {
        if (value != null && value.length() < MAX_VALUE) {
          value.append(new String(b, start, end - start, StandardCharsets.ISO_8859_1));
        }
        return;
      }
      int colon = -1;
      for (int i = start; i < end; i++) {
        if (b[i] == ':') {
          colon = i;
          break;
        }
        if (b[i] <= ' ' || b[i] >= 127) {
          break;
        }
      }
      if (colon <= start) {
        // not a header field: the body starts here (a message without the empty line)
        finish();
        done = true;
        return;
      }
      finish();
      current =
          new String(b, start, colon - start, StandardCharsets.US_ASCII).toLowerCase(Locale.ROOT);
      switch (current) {
        case "received" -> received++;
        case "date" -> hasDate = true;
        case "from" -> fromFields++;
        default -> {
          // not needed
        }
      }
      value =
          current.equals("from") || current.equals("message-id")
              ? new StringBuilder(
                  new String(b, colon + 1, end - colon - 1, StandardCharsets.ISO_8859_1))
              : null;
    }

    private void finish() {
      if (value != null) {
        String v = value.toString().strip();
        if (current.equals("from") && from == null) {
          from = v;
        } else if (current.equals("message-id") && messageId == null) {
          messageId = v.length() > 1000 ? v.substring(0, 1000) : v;
        }
      }
      value = null;
    }

    Headers result() {
      if (!done) {
        finish();
      }
      return new Headers(received, from, fromFields, messageId, hasDate);
    }
  }
}
