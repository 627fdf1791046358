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
import org.postroom.contacts.ContactService;
import org.postroom.contacts.Suggestion;
import org.postroom.web.security.CurrentUser;

/**
 * {@code GET /mail/addresses?q=text}: addresses for a recipient field as JSON ({@code [{"name",
 * "address", "kind"}]}), from the signed-in user's contacts and mail and the domain's users.
 */
@WebServlet("/mail/addresses")
public class AddressesServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;

  @Inject transient ContactService contacts;
  @Inject transient CurrentUser user;

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse res) throws IOException {
    List<Map<String, Object>> out = new ArrayList<>();
    for (Suggestion s : contacts.suggest(user.id(), req.getParameter("q"))) {
      Map<String, Object> m = new LinkedHashMap<>();
      m.put("name", s.name());
      m.put("address", s.address());
      m.put("kind", s.kind());
      out.add(m);
    }
    res.setHeader("Cache-Control", "no-store");
    JsonReply.send(res, 200, out);
  }
}
