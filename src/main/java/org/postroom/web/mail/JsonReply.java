package org.postroom.web.mail;

import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * The JSON answers of the webmail's own scripts (folder counts, compose saves, delivery status,
 * address suggestions), written with JSON-B like the API's, as UTF-8. Values are maps, lists and
 * plain values; {@code <}, {@code >}, {@code &} and the line separators are written as escapes, so
 * that nothing in a value can end a script even if the answer were ever embedded in a page.
 */
final class JsonReply {
  private static final Jsonb JSONB = JsonbBuilder.create();

  private JsonReply() {}

  static void send(HttpServletResponse res, int status, Object value) throws IOException {
    res.setStatus(status);
    res.setContentType("application/json");
    res.setCharacterEncoding("UTF-8");
    res.getOutputStream().write(json(value).getBytes(StandardCharsets.UTF_8));
  }

  /** The value as JSON; outside strings JSON has none of the escaped characters. */
  static String json(Object value) {
    String json = JSONB.toJson(value);
    StringBuilder b = new StringBuilder(json.length() + 16);
    for (int i = 0; i < json.length(); i++) {
      char c = json.charAt(i);
      if (c == '<' || c == '>' || c == '&' || c == 0x2028 || c == 0x2029) {
        b.append(String.format("\\u%04x", (int) c));
      } else {
        b.append(c);
      }
    }
    return b.toString();
  }
}
