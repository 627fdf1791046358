package org.postroom.web.mail;

import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
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
    StringBuilder json = new StringBuilder("[");
    for (RecipientStatus s : sentMail.status(user.id(), id)) {
      if (json.length() > 1) {
        json.append(',');
      }
      json.append("{\"address\":\"")
          .append(JsonReply.escape(s.address()))
          .append("\",\"state\":\"")
          .append(s.state())
          .append("\",\"text\":\"")
          .append(JsonReply.escape(s.text()))
          .append("\",\"done\":")
          .append(s.done())
          .append('}');
    }
    json.append(']');
    JsonReply.send(res, 200, json);
  }
}
