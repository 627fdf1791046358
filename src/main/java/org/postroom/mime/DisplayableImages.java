package org.postroom.mime;

import java.util.Locale;
import java.util.Set;

/** The image types shown inline (never SVG, which can carry script). */
public final class DisplayableImages {
  private static final Set<String> TYPES =
      Set.of("image/png", "image/jpeg", "image/jpg", "image/gif", "image/webp", "image/bmp");

  private DisplayableImages() {}

  public static boolean is(String contentType) {
    String t = contentType.toLowerCase(Locale.ROOT);
    int semi = t.indexOf(';');
    return TYPES.contains((semi < 0 ? t : t.substring(0, semi)).strip());
  }
}
