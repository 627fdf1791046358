package org.postroom.deliverability;

import java.io.ByteArrayOutputStream;
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
  private final ByteArrayOutputStream line = new ByteArrayOutputStream(256);
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
    for (int i = 0; i < len; i++) {
      if (b[i] == '\n') {
        byte[] l = line.toByteArray();
        int end = l.length > 0 && l[l.length - 1] == '\r' ? l.length - 1 : l.length;
        endLine(l, end);
        line.reset();
      } else {
        line.write(b[i]);
      }
    }
  }

  byte[] finish() {
    if (line.size() > 0) {
      byte[] l = line.toByteArray();
      endLine(l, l.length);
      line.reset();
    }
    if (!anyLine && !relaxed) {
      write(new byte[] {'\r', '\n'}, 2); // an empty body is one CRLF in "simple"
    }
    return digest.digest();
  }

  private void endLine(byte[] l, int end) {
    byte[] out = l;
    int n = end;
    if (relaxed) {
      out = new byte[end];
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
      write(new byte[] {'\r', '\n'}, 2);
    }
    write(out, n);
    write(new byte[] {'\r', '\n'}, 2);
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
