package org.postroom.web.mail;

import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
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
          .append(JsonReply.escape(f.name()))
          .append("\",\"unread\":")
          .append(f.unreadCount())
          .append(",\"total\":")
          .append(f.totalCount())
          .append('}');
    }
    json.append(']');
    JsonReply.send(res, 200, json);
  }
}
