package org.postroom.mime;

import jakarta.mail.BodyPart;
import jakarta.mail.Multipart;
import jakarta.mail.Part;
import jakarta.mail.internet.ContentType;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimePart;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * Reads a stored message for display with Jakarta Mail's lenient settings. Never throws: broken
 * structure, bad transfer encodings and unknown charsets become notes beside whatever could be
 * read. Work is bounded (depth, number of parts, bytes of text), so hostile nesting or giant
 * headers cost milliseconds, not the server.
 */
public final class MimeReader {
  static final int MAX_DEPTH = 20;
  static final int MAX_PARTS = 1000;
  static final int MAX_TEXT_BYTES = 2 * 1024 * 1024;

  private MimeReader() {}

  public static ReadMessage read(byte[] raw) {
    MimeMessage m = parseOrNull(raw);
    return m == null ? unparsable(raw) : read(m);
  }

  /** What the store keeps of a message and what search indexes, from one parse of its bytes. */
  public record Parsed(MessageSummary summary, ReadMessage read) {}

  /**
   * Summary and reading of a message from a single MIME parse (the parsed multiparts are cached on
   * the message, so the second walk does not parse again). Never throws.
   */
  public static Parsed parse(byte[] raw) {
    MimeMessage m = parseOrNull(raw);
    if (m == null) {
      return new Parsed(MessageParser.EMPTY, unparsable(raw));
    }
    // the reader's walk first: it reads a damaged multipart as text, which the summary's walk,
    // happening first on the cached multipart, would leave it unable to do
    ReadMessage read = read(m);
    MessageSummary summary;
    try {
      summary = MessageParser.summarize(m);
    } catch (Exception | StackOverflowError e) {
      summary = MessageParser.EMPTY;
    }
    return new Parsed(summary, read);
  }

  private static MimeMessage parseOrNull(byte[] raw) {
    try {
      return new MimeMessage(MimeSession.get(), new ByteArrayInputStream(raw));
    } catch (Exception | StackOverflowError e) {
      return null;
    }
  }

  private static ReadMessage unparsable(byte[] raw) {
    String text = Charsets.decode(raw, null).text();
    return new ReadMessage(
        "",
        List.of(),
        List.of(),
        List.of(),
        List.of(),
        List.of(),
        null,
        null,
        text,
        null,
        List.of(),
        List.of("This message could not be parsed; it is shown as raw text."));
  }

  private static ReadMessage read(MimeMessage m) {
    Walk w = new Walk();
    try {
      w.visit(m, 0);
    } catch (Exception | StackOverflowError e) {
      w.notes.add("Part of this message is damaged; what could be read is shown.");
    }
    String subject = header(m, "Subject");
    return new ReadMessage(
        subject == null ? "" : subject,
        addresses(m, "From"),
        addresses(m, "To"),
        addresses(m, "Cc"),
        addresses(m, "Bcc"),
        addresses(m, "Reply-To"),
        sentAt(m),
        header(m, "Message-ID"),
        w.text.length() == 0 ? null : w.text.toString(),
        w.html.length() == 0 ? null : w.html.toString(),
        List.copyOf(w.parts),
        List.copyOf(w.notes));
  }

  /** The decoded bytes of one part (by {@link MailPart#index()}), with its type and name. */
  public record PartContent(MailPart part, byte[] bytes) {}

  public static Optional<PartContent> part(byte[] raw, int index) {
    try {
      MimeMessage m = new MimeMessage(MimeSession.get(), new ByteArrayInputStream(raw));
      Walk w = new Walk();
      w.wanted = index;
      w.visit(m, 0);
      return Optional.ofNullable(w.found);
    } catch (Exception | StackOverflowError e) {
      return Optional.empty();
    }
  }

  /** A decoded, unfolded header (all occurrences joined), or null. */
  public static String header(MimeMessage m, String name) {
    try {
      String v = m.getHeader(name, ", ");
      return v == null ? null : HeaderDecoder.decode(HeaderDecoder.eightBit(v));
    } catch (Exception e) {
      return null;
    }
  }

  static List<MailAddress> addresses(MimeMessage m, String name) {
    String raw;
    try {
      raw = m.getHeader(name, ", ");
    } catch (Exception e) {
      return List.of();
    }
    if (raw == null || raw.isBlank()) {
      return List.of();
    }
    raw = HeaderDecoder.eightBit(HeaderDecoder.unfold(raw));
    if (raw.length() > HeaderDecoder.MAX_LENGTH) {
      raw = raw.substring(0, HeaderDecoder.MAX_LENGTH);
    }
    List<MailAddress> out = new ArrayList<>();
    try {
      for (InternetAddress a : InternetAddress.parseHeader(raw, false)) {
        if (out.size() >= 500) {
          break;
        }
        String personal = a.getPersonal();
        if (personal != null && personal.contains("=?")) {
          personal = HeaderDecoder.decode(personal);
        }
        out.add(
            new MailAddress(
                personal == null ? "" : HeaderDecoder.decode(personal),
                a.getAddress() == null ? "" : HeaderDecoder.decode(a.getAddress())));
      }
    } catch (Exception e) {
      // not an address list we can parse: show the decoded text as it is
      return List.of(new MailAddress(HeaderDecoder.decode(raw), ""));
    }
    return out;
  }

  private static OffsetDateTime sentAt(MimeMessage m) {
    try {
      Date d = m.getSentDate();
      return d == null ? null : d.toInstant().atOffset(ZoneOffset.UTC);
    } catch (Exception e) {
      return null;
    }
  }

  /** Depth-first over the parts, numbering every part in visiting order. */
  private static final class Walk {
    final StringBuilder text = new StringBuilder();
    final StringBuilder html = new StringBuilder();
    final List<MailPart> parts = new ArrayList<>();
    final Set<String> notes = new LinkedHashSet<>();
    int counter;
    int wanted = -1;
    PartContent found;
    boolean truncated;

    void visit(Part p, int depth) throws Exception {
      int index = counter++;
      if (depth > MAX_DEPTH || index >= MAX_PARTS) {
        if (!truncated) {
          notes.add("This message has more parts than are shown.");
          truncated = true;
        }
        return;
      }
      String type = type(p);
      if (type.startsWith("multipart/")) {
        Object content;
        try {
          content = p.getContent();
        } catch (Exception e) {
          content = null;
        }
        if (content instanceof Multipart mp) {
          int count;
          try {
            count = mp.getCount();
          } catch (Exception e) {
            notes.add("A multipart section is damaged.");
            return;
          }
          int i = 0;
          for (; i < count && counter < MAX_PARTS && found == null; i++) {
            BodyPart bp;
            try {
              bp = mp.getBodyPart(i);
            } catch (Exception e) {
              notes.add("A part of this message is damaged.");
              continue;
            }
            visit(bp, depth + 1);
          }
          if (i < count && found == null && !truncated) {
            notes.add("This message has more parts than are shown.");
            truncated = true;
          }
          if (count == 0) {
            notes.add("A multipart section has no parts (its boundary is missing or wrong).");
            leafAsText(p, index, "text/plain");
          }
        } else {
          notes.add("A multipart section has no boundary; it is shown as text.");
          leafAsText(p, index, "text/plain");
        }
        return;
      }
      String disposition = Lenient.get(() -> p.getDisposition());
      String fileName = fileName(p);
      String contentId = contentId(p);
      boolean textType = type.startsWith("text/plain") || type.startsWith("text/html");
      boolean isAttachment =
          Part.ATTACHMENT.equalsIgnoreCase(disposition)
              || (!textType && !(type.startsWith("image/") && contentId != null))
              || (textType && fileName != null && !Part.INLINE.equalsIgnoreCase(disposition));
      if (!isAttachment && textType) {
        leafAsText(p, index, type);
        return;
      }
      String name = fileName;
      if (name == null && type.startsWith("message/rfc822")) {
        name = "forwarded message.eml";
      }
      if (name == null) {
        name = "part-" + index + extension(type);
      }
      MailPart mp =
          new MailPart(index, baseType(type), name, contentId, approximateSize(p), isAttachment);
      parts.add(mp);
      if (index == wanted) {
        found = new PartContent(mp, decoded(p, Integer.MAX_VALUE));
      }
    }

    private void leafAsText(Part p, int index, String type) throws Exception {
      if (index == wanted) {
        found =
            new PartContent(
                new MailPart(index, baseType(type), "part-" + index + ".txt", null, 0, false),
                decoded(p, Integer.MAX_VALUE));
        return;
      }
      if (wanted >= 0) {
        return;
      }
      byte[] bytes = decoded(p, MAX_TEXT_BYTES);
      String charset = null;
      try {
        charset = new ContentType(p.getContentType()).getParameter("charset");
      } catch (Exception e) {
        // no usable Content-Type: the fallbacks decide
      }
      Charsets.Decoded d = Charsets.decode(bytes, charset);
      if (d.guessed()) {
        notes.add(
            "The text said it was in charset \""
                + HeaderDecoder.decode(charset)
                + "\", which does not fit; it is shown as well as it can be.");
      }
      StringBuilder target = type.startsWith("text/html") ? html : text;
      if (target.length() > 0) {
        target.append(type.startsWith("text/html") ? "<hr>" : "\n\n");
      }
      target.append(d.text());
    }

    /**
     * Decoded content. When the transfer encoding is broken: base64 decoded from its valid
     * characters, anything else as the raw bytes, with a note either way.
     */
    private byte[] decoded(Part p, int max) {
      try (InputStream in = p.getInputStream()) {
        return Lenient.readAtMost(in, max);
      } catch (Exception | StackOverflowError e) {
        notes.add("A part's transfer encoding is damaged; what could be decoded is shown.");
        byte[] raw;
        try (InputStream in = raw(p)) {
          raw = in == null ? new byte[0] : Lenient.readAtMost(in, max);
        } catch (Exception | StackOverflowError e2) {
          return new byte[0];
        }
        String enc = p instanceof MimePart mp ? Lenient.get(() -> mp.getEncoding()) : null;
        return "base64".equalsIgnoreCase(enc) ? lenientBase64(raw) : raw;
      }
    }

    private static InputStream raw(Part p) throws Exception {
      if (p instanceof MimeBodyPart b) {
        return b.getRawInputStream();
      }
      if (p instanceof MimeMessage m) {
        return m.getRawInputStream();
      }
      return null;
    }
  }

  /** Base64 from whatever valid characters there are (a broken tail is dropped). */
  static byte[] lenientBase64(byte[] raw) {
    StringBuilder b = new StringBuilder(raw.length);
    for (byte x : raw) {
      char c = (char) (x & 0xff);
      if ((c >= 'A' && c <= 'Z')
          || (c >= 'a' && c <= 'z')
          || (c >= '0' && c <= '9')
          || c == '+'
          || c == '/') {
        b.append(c);
      }
    }
    switch (b.length() % 4) {
      case 1 -> b.setLength(b.length() - 1);
      case 2 -> b.append("==");
      case 3 -> b.append('=');
      default -> {
        // complete
      }
    }
    try {
      return java.util.Base64.getDecoder().decode(b.toString());
    } catch (IllegalArgumentException e) {
      return raw;
    }
  }

  private static String type(Part p) {
    String t = Lenient.get(() -> p.getContentType());
    if (t == null || t.isBlank()) {
      return "text/plain";
    }
    String l = t.toLowerCase(Locale.ROOT).strip();
    // RFC 2045 5.2: a syntactically invalid Content-Type means text/plain
    return l.contains("/") ? l : "text/plain";
  }

  private static String baseType(String type) {
    int semi = type.indexOf(';');
    String b = (semi < 0 ? type : type.substring(0, semi)).strip();
    return b.length() > 100 ? "application/octet-stream" : b;
  }

  private static String fileName(Part p) {
    String n = Lenient.get(() -> p.getFileName());
    if (n == null || n.isBlank()) {
      return null;
    }
    n = HeaderDecoder.decode(HeaderDecoder.eightBit(n));
    // a name, never a path
    n = n.replaceAll(".*[/\\\\]", "").strip();
    if (n.length() > 200) {
      n = n.substring(0, 200);
    }
    return n.isEmpty() ? null : n;
  }

  private static String contentId(Part p) {
    if (!(p instanceof MimePart mp)) {
      return null;
    }
    String id = Lenient.get(() -> mp.getContentID());
    if (id == null) {
      return null;
    }
    id = id.strip();
    if (id.startsWith("<") && id.endsWith(">")) {
      id = id.substring(1, id.length() - 1);
    }
    return id.isEmpty() ? null : id;
  }

  private static long approximateSize(Part p) {
    int size = Lenient.get(() -> p.getSize()) == null ? -1 : Lenient.get(() -> p.getSize());
    if (size < 0) {
      return 0;
    }
    String enc = p instanceof MimePart mp ? Lenient.get(() -> mp.getEncoding()) : null;
    return "base64".equalsIgnoreCase(enc) ? size * 3L / 4 : size;
  }

  private static String extension(String type) {
    String t = baseType(type);
    return switch (t) {
      case "image/png" -> ".png";
      case "image/jpeg", "image/jpg" -> ".jpg";
      case "image/gif" -> ".gif";
      case "application/pdf" -> ".pdf";
      case "text/calendar" -> ".ics";
      default -> ".bin";
    };
  }
}
