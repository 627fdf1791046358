package org.postroom.smtp;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.postroom.core.RawMessage;

/**
 * Where a message being received waits until it is stored: in memory while small, in a temporary
 * file once it passes {@code memoryLimit}, so concurrent large messages do not fill the heap. The
 * file is deleted by {@link #close()}. A failing disk does not interrupt the SMTP exchange: writes
 * stop, the rest of the data is still read, and {@link #failure()} tells the session to refuse.
 */
public final class Spool extends OutputStream {
  private final int memoryLimit;
  private final Path directory;
  private ByteArrayOutputStream memory = new ByteArrayOutputStream(8192);
  private Path file;
  private OutputStream out;
  private long size;
  private IOException failure;

  /**
   * @param memoryLimit bytes kept in memory before moving to a file
   * @param directory where the file goes (null: the JVM's temporary directory)
   */
  public Spool(int memoryLimit, Path directory) {
    this.memoryLimit = memoryLimit;
    this.directory = directory;
  }

  @Override
  public void write(int b) {
    write(new byte[] {(byte) b}, 0, 1);
  }

  @Override
  public void write(byte[] b, int off, int len) {
    if (failure != null) {
      return;
    }
    try {
      if (out == null && memory.size() + len > memoryLimit) {
        file =
            directory == null
                ? Files.createTempFile("smtp-", ".eml")
                : Files.createTempFile(directory, "smtp-", ".eml");
        out = new BufferedOutputStream(Files.newOutputStream(file), 65536);
        memory.writeTo(out);
        memory = null;
      }
      if (out != null) {
        out.write(b, off, len);
      } else {
        memory.write(b, off, len);
      }
      size += len;
    } catch (IOException e) {
      failure = e;
    }
  }

  /** Why the bytes could not be kept, or null. */
  public IOException failure() {
    return failure;
  }

  public long size() {
    return size;
  }

  /** The bytes written so far, readable any number of times (until {@link #close()}). */
  public RawMessage message() throws IOException {
    if (out != null) {
      out.flush();
      return RawMessage.of(file);
    }
    return RawMessage.of(memory.toByteArray());
  }

  /** Forgets the bytes and deletes the file, if any. */
  @Override
  public void close() throws IOException {
    memory = null;
    if (out != null) {
      try {
        out.close();
      } finally {
        out = null;
        Files.deleteIfExists(file);
      }
    }
  }
}
