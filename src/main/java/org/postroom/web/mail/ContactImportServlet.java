package org.postroom.web.mail;

import jakarta.inject.Inject;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.MultipartConfig;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.Part;
import java.io.IOException;
import java.io.InputStream;
import org.postroom.contacts.ContactService;
import org.postroom.contacts.ImportReport;
import org.postroom.web.security.CurrentUser;

/**
 * {@code POST /mail/contacts/import}: a vCard file upload (multipart, with the page's CSRF token),
 * imported into the signed-in user's contacts; the report waits in the session for the contacts
 * page the browser is sent back to.
 */
@WebServlet("/mail/contacts/import")
@MultipartConfig(
    maxFileSize = ContactImportServlet.MAX_FILE,
    maxRequestSize = ContactImportServlet.MAX_FILE + 65536L)
public class ContactImportServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;
  static final int MAX_FILE = 5 * 1024 * 1024;

  @Inject transient ContactService contacts;
  @Inject transient CurrentUser user;

  @Override
  protected void doPost(HttpServletRequest req, HttpServletResponse res) throws IOException {
    Part file;
    try {
      file = req.getPart("file");
    } catch (IllegalStateException | ServletException e) {
      // too large to read: nothing changes, so no token is needed to say so
      back(
          req,
          res,
          "The file is larger than " + MAX_FILE / (1024 * 1024) + " MB; nothing was imported.");
      return;
    }
    if (!Csrf.valid(req)) {
      res.sendError(403, "This form has expired; reload the page and try again.");
      return;
    }
    if (file == null || file.getSize() == 0) {
      back(req, res, "Choose a .vcf file to import.");
      return;
    }
    byte[] bytes;
    try (InputStream in = file.getInputStream()) {
      bytes = in.readNBytes(MAX_FILE + 1);
    }
    ImportReport report = contacts.importVCards(user.id(), bytes);
    req.getSession().setAttribute(ContactsBean.IMPORT_REPORT, report);
    back(req, res, null);
  }

  private static void back(HttpServletRequest req, HttpServletResponse res, String notice) {
    if (notice != null) {
      Notice.set(req.getSession(), notice);
    }
    res.setStatus(303);
    res.setHeader("Location", req.getContextPath() + "/mail/contacts.xhtml");
  }
}
