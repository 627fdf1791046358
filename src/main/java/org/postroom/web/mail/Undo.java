package org.postroom.web.mail;

import jakarta.servlet.http.HttpSession;
import java.io.Serializable;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The last move of the user's messages (archive, delete to Trash, spam, move), kept in the session
 * for a few minutes so the notice after it can offer Undo: which message was in which folder. A
 * token ties the Undo button to this move; a newer move replaces it.
 */
record Undo(String token, Map<Long, Long> folderOf, long createdMillis) implements Serializable {
  static final String ATTRIBUTE = "postroom.undo";
  static final long KEEP_MILLIS = 5 * 60 * 1000L;
  private static final SecureRandom RANDOM = new SecureRandom();

  static Undo of(Map<Long, Long> folderOf) {
    byte[] b = new byte[12];
    RANDOM.nextBytes(b);
    return new Undo(
        HexFormat.of().formatHex(b), new LinkedHashMap<>(folderOf), System.currentTimeMillis());
  }

  static void set(HttpSession s, Undo u) {
    if (u == null) {
      s.removeAttribute(ATTRIBUTE);
    } else {
      s.setAttribute(ATTRIBUTE, u);
    }
  }

  /** The undo with this token, if it is still the last and not too old (removed either way). */
  static Undo take(HttpSession s, String token) {
    if (!(s.getAttribute(ATTRIBUTE) instanceof Undo u)) {
      return null;
    }
    s.removeAttribute(ATTRIBUTE);
    boolean fresh = System.currentTimeMillis() - u.createdMillis() < KEEP_MILLIS;
    return fresh && u.token().equals(token) ? u : null;
  }

  /** The token of the undo the page may offer now, or null. */
  static String offered(HttpSession s) {
    return s != null
            && s.getAttribute(ATTRIBUTE) instanceof Undo u
            && System.currentTimeMillis() - u.createdMillis() < KEEP_MILLIS
        ? u.token()
        : null;
  }
}
