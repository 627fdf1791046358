package org.postroom.web.mail;

import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
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
    List<Map<String, Object>> out = new ArrayList<>();
    for (Folder f : mailbox.folders(user.id())) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("id", f.id());
      m.put("name", f.name());
      m.put("unread", f.unreadCount());
      m.put("total", f.totalCount());
      out.add(m);
    }
    JsonReply.send(res, 200, out);
  }
}
