package org.postroom.web.mail;

import jakarta.servlet.http.HttpSession;

/** A one-time notice carried from an action servlet to the page it redirects to. */
final class Notice {
  static final String ATTRIBUTE = "postroom.notice";

  private Notice() {}

  static void set(HttpSession s, String text) {
    s.setAttribute(ATTRIBUTE, text);
  }

  /** The notice, removed from the session. */
  static String take(HttpSession s) {
    if (s == null) {
      return null;
    }
    Object t = s.getAttribute(ATTRIBUTE);
    if (t != null) {
      s.removeAttribute(ATTRIBUTE);
    }
    return t instanceof String str ? str : null;
  }
}
