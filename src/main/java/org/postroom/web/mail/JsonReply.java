package org.postroom.web.mail;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The small JSON answers of the webmail's own scripts (folder counts, compose saves, delivery
 * status, address suggestions): strings escaped so that nothing in them can end a script or a
 * string, written as UTF-8.
 */
final class JsonReply {
  private JsonReply() {}

  static void send(HttpServletResponse res, int status, CharSequence body) throws IOException {
    res.setStatus(status);
    res.setContentType("application/json");
    res.setCharacterEncoding("UTF-8");
    res.getOutputStream().write(body.toString().getBytes(StandardCharsets.UTF_8));
  }

  static String escape(String s) {
    StringBuilder b = new StringBuilder(s.length() + 8);
    for (char c : s.toCharArray()) {
      if (c == '"' || c == '\\') {
        b.append('\\').append(c);
      } else if (c < 0x20 || c == '<' || c == '>' || c == '&' || c == 0x2028 || c == 0x2029) {
        b.append(String.format("\\u%04x", (int) c));
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }
}
