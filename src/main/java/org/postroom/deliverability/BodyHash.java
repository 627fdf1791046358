package org.postroom.deliverability;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The DKIM body hash (RFC 6376 3.4.3-3.4.5, 3.7): the body canonicalised line by line ("simple" or
 * "relaxed"), trailing empty lines dropped, optionally cut at {@code l=} octets, hashed with
 * SHA-256 as it streams by, so a large message is never held in memory.
 */
final class BodyHash {
  private final boolean relaxed;
  private final MessageDigest digest;
  private final long limit;
  private static final byte[] CRLF = {'\r', '\n'};
  private byte[] line = new byte[256];
  private int lineLength;
  private long written;
  private long pendingEmptyLines;
  private boolean anyLine;

  BodyHash(boolean relaxed, long limit) {
    this.relaxed = relaxed;
    this.limit = limit;
    try {
      this.digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Hashes the rest of the stream (the body) and returns the digest. */
  static byte[] of(InputStream body, boolean relaxed, long limit) throws IOException {
    BodyHash h = new BodyHash(relaxed, limit);
    byte[] buf = new byte[16384];
    int n;
    while ((n = body.read(buf)) != -1) {
      h.update(buf, n);
    }
    return h.finish();
  }

  void update(byte[] b, int len) {
    int start = 0;
    for (int i = 0; i < len; i++) {
      if (b[i] == '\n') {
        append(b, start, i - start);
        int end = lineLength > 0 && line[lineLength - 1] == '\r' ? lineLength - 1 : lineLength;
        endLine(line, end);
        lineLength = 0;
        start = i + 1;
      }
    }
    append(b, start, len - start);
  }

  private void append(byte[] b, int off, int n) {
    if (lineLength + n > line.length) {
      line = java.util.Arrays.copyOf(line, Math.max(line.length * 2, lineLength + n));
    }
    System.arraycopy(b, off, line, lineLength, n);
    lineLength += n;
  }

  byte[] finish() {
    if (lineLength > 0) {
      endLine(line, lineLength);
      lineLength = 0;
    }
    if (!anyLine && !relaxed) {
      write(CRLF, 2); // an empty body is one CRLF in "simple"
    }
    return digest.digest();
  }

  private void endLine(byte[] l, int end) {
    byte[] out = l;
    int n = end;
    if (relaxed) {
      out = l; // compacted in place: the write position never passes the read position
      n = 0;
      boolean inSpace = false;
      for (int i = 0; i < end; i++) {
        byte c = l[i];
        if (c == ' ' || c == '\t') {
          inSpace = true;
        } else {
          if (inSpace) {
            out[n++] = ' ';
            inSpace = false;
          }
          out[n++] = c;
        }
      }
      // trailing whitespace is dropped by never writing the pending space
    }
    if (n == 0) {
      pendingEmptyLines++;
      return;
    }
    for (; pendingEmptyLines > 0; pendingEmptyLines--) {
      write(CRLF, 2);
    }
    write(out, n);
    write(CRLF, 2);
    anyLine = true;
  }

  private void write(byte[] b, int n) {
    long room = limit < 0 ? n : Math.min(n, limit - written);
    if (room > 0) {
      digest.update(b, 0, (int) room);
      written += room;
    }
  }
}
