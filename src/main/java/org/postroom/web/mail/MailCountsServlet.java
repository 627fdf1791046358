package org.postroom.web.mail;

import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.postroom.mailbox.Folder;
import org.postroom.mailbox.MailboxService;
import org.postroom.web.security.CurrentUser;

/**
 * {@code GET /mail/counts}: the signed-in user's folders with their unread and total counts as
 * JSON, read from the counters kept in the folder rows (no message is counted).
 */
@WebServlet("/mail/counts")
public class MailCountsServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;

  @Inject transient MailboxService mailbox;
  @Inject transient CurrentUser user;

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse res) throws IOException {
    StringBuilder json = new StringBuilder("[");
    for (Folder f : mailbox.folders(user.id())) {
      if (json.length() > 1) {
        json.append(',');
      }
      json.append("{\"id\":")
          .append(f.id())
          .append(",\"name\":\"")
          .append(jsonEscape(f.name()))
          .append("\",\"unread\":")
          .append(f.unreadCount())
          .append(",\"total\":")
          .append(f.totalCount())
          .append('}');
    }
    json.append(']');
    res.setContentType("application/json");
    res.setCharacterEncoding("UTF-8");
    res.getOutputStream().write(json.toString().getBytes(StandardCharsets.UTF_8));
  }

  static String jsonEscape(String s) {
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
