package org.postroom.web.mail;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * The token that the mail pages' plain HTML forms (and the mark-read request) carry, kept in the
 * session. Faces forms have their own (the server-side ViewState key); these forms post to a
 * servlet, so they need one of their own.
 */
final class Csrf {
  static final String ATTRIBUTE = "postroom.csrf";
  static final String PARAMETER = "csrf";
  private static final SecureRandom RANDOM = new SecureRandom();

  private Csrf() {}

  static String token(HttpSession session) {
    Object t = session.getAttribute(ATTRIBUTE);
    if (t instanceof String s) {
      return s;
    }
    byte[] b = new byte[24];
    RANDOM.nextBytes(b);
    String s = HexFormat.of().formatHex(b);
    session.setAttribute(ATTRIBUTE, s);
    return s;
  }

  static boolean valid(HttpServletRequest req) {
    HttpSession s = req.getSession(false);
    String sent = req.getParameter(PARAMETER);
    if (s == null || sent == null || !(s.getAttribute(ATTRIBUTE) instanceof String expected)) {
      return false;
    }
    return MessageDigest.isEqual(
        expected.getBytes(StandardCharsets.US_ASCII), sent.getBytes(StandardCharsets.US_ASCII));
  }
}
