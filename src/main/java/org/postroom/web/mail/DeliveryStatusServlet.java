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
import org.postroom.sending.RecipientStatus;
import org.postroom.sending.SentMail;
import org.postroom.web.security.CurrentUser;

/**
 * {@code GET /mail/delivery?id=N}: per-recipient delivery status of the signed-in user's sent
 * message N as JSON ({@code address}, {@code state}, {@code text}, {@code done}), read from the
 * relay queue; the message page polls it until every recipient is final.
 */
@WebServlet("/mail/delivery")
public class DeliveryStatusServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;

  @Inject transient SentMail sentMail;
  @Inject transient DeliveryTexts texts;
  @Inject transient CurrentUser user;

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse res) throws IOException {
    long id;
    try {
      id = Long.parseLong(req.getParameter("id"));
    } catch (NumberFormatException e) {
      res.sendError(404);
      return;
    }
    List<Map<String, Object>> out = new ArrayList<>();
    for (RecipientStatus s : sentMail.status(user.id(), id)) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("address", s.address());
      m.put("state", s.state());
      m.put("label", texts.label(s));
      m.put("text", texts.text(s));
      m.put("done", s.done());
      out.add(m);
    }
    JsonReply.send(res, 200, out);
  }
}
