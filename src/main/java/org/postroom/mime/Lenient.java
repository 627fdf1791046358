package org.postroom.mime;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/** Reading malformed mail without letting it throw: getters that may fail, bounded reads. */
public final class Lenient {
  private Lenient() {}

  /** A getter of Jakarta Mail that may throw on malformed input. */
  @FunctionalInterface
  public interface Getter<T> {
    T get() throws Exception;
  }

  /** The value, or null when reading it failed (including runaway recursion). */
  public static <T> T get(Getter<T> g) {
    try {
      return g.get();
    } catch (Exception | StackOverflowError e) {
      return null;
    }
  }

  /** At most {@code max} bytes of a stream. */
  public static byte[] readAtMost(InputStream in, int max) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buf = new byte[16384];
    int n;
    while (out.size() < max && (n = in.read(buf, 0, Math.min(buf.length, max - out.size()))) > 0) {
      out.write(buf, 0, n);
    }
    return out.toByteArray();
  }
}
