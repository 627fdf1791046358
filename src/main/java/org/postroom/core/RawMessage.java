package org.postroom.core;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The bytes of one RFC 5322 message, small ones in memory and large ones in a spool file, so a big
 * message never has to sit in the heap twice. Readable any number of times.
 */
public interface RawMessage {
  long size();

  InputStream open() throws IOException;

  /** All bytes in memory; only for messages known to be small or when the bytes are needed. */
  default byte[] bytes() throws IOException {
    try (InputStream in = open()) {
      return in.readAllBytes();
    }
  }

  static RawMessage of(byte[] bytes) {
    return new RawMessage() {
      @Override
      public long size() {
        return bytes.length;
      }

      @Override
      public InputStream open() {
        return new ByteArrayInputStream(bytes);
      }

      @Override
      public byte[] bytes() {
        return bytes;
      }
    };
  }

  static RawMessage of(Path file) throws IOException {
    long size = Files.size(file);
    return new RawMessage() {
      @Override
      public long size() {
        return size;
      }

      @Override
      public InputStream open() throws IOException {
        return Files.newInputStream(file);
      }
    };
  }

  /** These bytes with trace header lines in front (Received:, Return-Path:). */
  default RawMessage withPrefix(byte[] prefix) {
    RawMessage rest = this;
    return new RawMessage() {
      @Override
      public long size() {
        return prefix.length + rest.size();
      }

      @Override
      public InputStream open() throws IOException {
        return new SequenceInputStream(new ByteArrayInputStream(prefix), rest.open());
      }
    };
  }
}
