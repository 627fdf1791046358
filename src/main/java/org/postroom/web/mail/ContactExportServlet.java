package org.postroom.web.mail;

import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.postroom.contacts.ContactService;
import org.postroom.web.security.CurrentUser;

/** {@code GET /mail/contacts/export.vcf}: the signed-in user's contacts as a vCard 3.0 file. */
@WebServlet("/mail/contacts/export.vcf")
public class ContactExportServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;

  @Inject transient ContactService contacts;
  @Inject transient CurrentUser user;

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse res) throws IOException {
    byte[] body = contacts.exportVCards(user.id()).getBytes(StandardCharsets.UTF_8);
    res.setContentType("text/vcard");
    res.setCharacterEncoding("UTF-8");
    res.setHeader("Content-Disposition", ContentDisposition.of("attachment", "contacts.vcf"));
    res.setHeader("Cache-Control", "no-store");
    res.setContentLength(body.length);
    res.getOutputStream().write(body);
  }
}
