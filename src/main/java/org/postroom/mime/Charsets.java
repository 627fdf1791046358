package org.postroom.mime;

import jakarta.mail.internet.MimeUtility;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * Turns bytes from mail into text whatever the label says: the declared charset when Java knows it
 * and the bytes fit, else UTF-8 when they are valid UTF-8, else Windows-1252 (which decodes every
 * byte). Never throws, so a wrong or unknown charset costs accents, not the message.
 */
public final class Charsets {
  private static final Charset WINDOWS_1252 = Charset.forName("windows-1252");

  private Charsets() {}

  /** The Java charset for a MIME label, or empty when Java does not know it. */
  public static java.util.Optional<Charset> forLabel(String label) {
    if (label == null || label.isBlank()) {
      return java.util.Optional.empty();
    }
    String l = label.strip().replace("\"", "").toLowerCase(Locale.ROOT);
    if (l.equals("us-ascii") || l.equals("ascii") || l.equals("iso-8859-1") || l.equals("latin1")) {
      // mail labelled ASCII or Latin-1 is very often really Windows-1252 (curly quotes, euro)
      return java.util.Optional.of(WINDOWS_1252);
    }
    try {
      return java.util.Optional.of(Charset.forName(MimeUtility.javaCharset(l)));
    } catch (RuntimeException e) {
      return java.util.Optional.empty();
    }
  }

  /** Decodes, with the fallbacks described on the class; {@code declared} may be null. */
  public static Decoded decode(byte[] bytes, String declared) {
    var cs = forLabel(declared);
    boolean loose = cs.isEmpty() || cs.get().equals(WINDOWS_1252);
    if (!loose) {
      String s = strict(bytes, cs.get());
      if (s != null) {
        return new Decoded(s, false);
      }
    }
    // unlabelled, ASCII/Latin-1 labelled or mislabelled: UTF-8 if the bytes are that
    boolean mismatch = declared != null && !declared.isBlank() && (cs.isEmpty() || !loose);
    String utf8 = strict(bytes, StandardCharsets.UTF_8);
    if (utf8 != null) {
      return new Decoded(utf8, mismatch);
    }
    return new Decoded(new String(bytes, WINDOWS_1252), mismatch);
  }

  /** Text and whether it was read with another charset than the declared one. */
  public record Decoded(String text, boolean guessed) {}

  private static String strict(byte[] bytes, Charset cs) {
    try {
      return cs.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (CharacterCodingException | RuntimeException e) {
      return null;
    }
  }
}
