package org.postroom.deliverability;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The header section of a raw message as fields exactly as they were sent (folding kept, each line
 * ending normalised to CRLF), read from a stream that is left at the first byte of the body. DKIM
 * needs the raw text of each field; a MIME parser would give decoded values. Bytes are kept as
 * ISO-8859-1 characters so that 8-bit headers survive unchanged.
 */
public final class MessageHead {
  /** At most this many bytes of header: more is not a message we can check. */
  static final int MAX_HEADER_BYTES = 1 << 20;

  /** One header field: its name as written and the whole field without the final CRLF. */
  public record Field(String name, String raw) {
    /** The value after the colon, unfolded (CRLF removed), leading and trailing space removed. */
    public String value() {
      return raw.substring(raw.indexOf(':') + 1).replace("\r\n", "").strip();
    }

    public boolean is(String headerName) {
      return name.equalsIgnoreCase(headerName);
    }
  }

  private final List<Field> fields;
  private final long length;

  private MessageHead(List<Field> fields, long length) {
    this.fields = List.copyOf(fields);
    this.length = length;
  }

  /** How many bytes the header section and the blank line after it take in the raw message. */
  public long length() {
    return length;
  }

  public List<Field> fields() {
    return fields;
  }

  public List<Field> all(String name) {
    return fields.stream().filter(f -> f.is(name)).toList();
  }

  /** The header section of a stored message (reads no further than the blank line). */
  public static MessageHead of(org.postroom.core.RawMessage raw) throws IOException {
    try (InputStream in = new java.io.BufferedInputStream(raw.open(), 8192)) {
      return read(in);
    }
  }

  /** Reads the header section and the blank line after it; the stream is left at the body. */
  public static MessageHead read(InputStream in) throws IOException {
    List<String> lines = new ArrayList<>();
    ByteArrayOutputStream line = new ByteArrayOutputStream(128);
    int total = 0;
    int b;
    while ((b = in.read()) != -1) {
      if (++total > MAX_HEADER_BYTES) {
        throw new IOException("header section longer than " + MAX_HEADER_BYTES + " bytes");
      }
      if (b == '\n') {
        String l = line.toString(StandardCharsets.ISO_8859_1);
        if (l.endsWith("\r")) {
          l = l.substring(0, l.length() - 1);
        }
        line.reset();
        if (l.isEmpty()) {
          break;
        }
        lines.add(l);
      } else {
        line.write(b);
      }
    }
    if (line.size() > 0) {
      lines.add(line.toString(StandardCharsets.ISO_8859_1)); // a message that is all header
    }
    List<Field> fields = new ArrayList<>();
    StringBuilder current = null;
    for (String l : lines) {
      boolean continuation = !l.isEmpty() && (l.charAt(0) == ' ' || l.charAt(0) == '\t');
      if (continuation && current != null) {
        current.append("\r\n").append(l);
        continue;
      }
      if (current != null) {
        add(fields, current.toString());
      }
      current = new StringBuilder(l);
    }
    if (current != null) {
      add(fields, current.toString());
    }
    return new MessageHead(fields, total);
  }

  private static void add(List<Field> fields, String raw) {
    int colon = raw.indexOf(':');
    if (colon <= 0) {
      return; // not a header field (e.g. an mbox "From " line): never signed, never verified
    }
    fields.add(new Field(raw.substring(0, colon).strip(), raw));
  }

  /** The relaxed header canonical form (RFC 6376 3.4.2), with CRLF. */
  public static String relaxed(Field f) {
    String value = f.raw().substring(f.raw().indexOf(':') + 1).replace("\r\n", "");
    value = value.replaceAll("[ \t]+", " ").strip();
    return f.name().toLowerCase(Locale.ROOT) + ":" + value + "\r\n";
  }

  /** The simple header canonical form (RFC 6376 3.4.1): the field unchanged, with CRLF. */
  public static String simple(Field f) {
    return f.raw() + "\r\n";
  }
}
