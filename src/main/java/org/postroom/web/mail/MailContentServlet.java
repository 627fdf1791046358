package org.postroom.web.mail;

import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.postroom.core.NotFoundException;
import org.postroom.mailbox.MailboxService;
import org.postroom.mailbox.StoredMessage;
import org.postroom.mime.HtmlSanitizer;
import org.postroom.mime.MailPart;
import org.postroom.mime.MessageHtml;
import org.postroom.mime.MimeReader;
import org.postroom.mime.ReadMessage;
import org.postroom.web.security.CurrentUser;

/**
 * The bytes behind a message page, each under a policy of its own:
 *
 * <ul>
 *   <li>{@code /mail/view/body/{id}}: the sanitised HTML for the sandboxed frame, with a CSP that
 *       allows no script, no connection, and images only from data: (and the web when the user
 *       asked for remote content); the CSP {@code sandbox} directive holds even if it is opened
 *       directly;
 *   <li>{@code /mail/view/part/{id}/{n}}: one attachment, always a download ({@code inline=1} shows
 *       allowlisted image types only), {@code nosniff} and a sandbox CSP;
 *   <li>{@code /mail/view/zip/{id}}: every attachment in one zip;
 *   <li>{@code /mail/view/source/{id}}: the raw message as text.
 * </ul>
 *
 * Every lookup is scoped to the signed-in account: another user's id is a 404.
 */
@WebServlet("/mail/view/*")
public class MailContentServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;
  static final String SANDBOX_CSP = "default-src 'none'; sandbox; frame-ancestors 'none'";

  @Inject transient MailboxService mailbox;
  @Inject transient CurrentUser user;

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse res) throws IOException {
    String[] p = (req.getPathInfo() == null ? "" : req.getPathInfo()).split("/");
    try {
      if (p.length == 3 && p[1].equals("body")) {
        body(req, res, id(p[2]));
      } else if (p.length == 4 && p[1].equals("part")) {
        part(req, res, id(p[2]), (int) id(p[3]));
      } else if (p.length == 3 && p[1].equals("zip")) {
        zip(res, id(p[2]));
      } else if (p.length == 3 && p[1].equals("source")) {
        source(req, res, id(p[2]));
      } else {
        res.sendError(404);
      }
    } catch (NotFoundException e) {
      res.sendError(404);
    }
  }

  private static long id(String s) {
    try {
      return Long.parseLong(s);
    } catch (NumberFormatException e) {
      throw new NotFoundException("No such message.");
    }
  }

  private void body(HttpServletRequest req, HttpServletResponse res, long id) throws IOException {
    long me = user.id();
    StoredMessage m = mailbox.message(me, id);
    byte[] raw = mailbox.raw(me, id);
    ReadMessage r = MimeReader.read(raw);
    boolean remote =
        mailbox.showsRemote(me, m.summary().fromAddress(), "1".equals(req.getParameter("remote")));
    String html =
        r.html() != null
            ? MessageHtml.render(raw, r, remote).html()
            : "<pre>" + escape(r.text() == null ? "" : r.text()) + "</pre>";
    res.setHeader(
        "Content-Security-Policy",
        "default-src 'none'; img-src data:"
            + (remote ? " https: http:" : "")
            + "; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none';"
            + " frame-ancestors 'self';"
            // never allow-scripts: nothing in a mail runs; same-origin so the page can measure it
            + " sandbox allow-same-origin allow-popups allow-popups-to-escape-sandbox");
    res.setHeader("X-Frame-Options", "SAMEORIGIN");
    res.setHeader("Referrer-Policy", "no-referrer");
    res.setContentType("text/html; charset=utf-8");
    res.getOutputStream().write(MessageHtml.document(html).getBytes(StandardCharsets.UTF_8));
  }

  private void part(HttpServletRequest req, HttpServletResponse res, long id, int index)
      throws IOException {
    byte[] raw = mailbox.raw(user.id(), id);
    MimeReader.PartContent pc =
        MimeReader.part(raw, index).orElseThrow(() -> new NotFoundException("No such part."));
    MailPart part = pc.part();
    boolean inline = "1".equals(req.getParameter("inline")) && part.isViewableImage();
    res.setHeader("Content-Security-Policy", SANDBOX_CSP);
    res.setContentType(inline ? part.contentType() : "application/octet-stream");
    res.setHeader(
        "Content-Disposition",
        ContentDisposition.of(inline ? "inline" : "attachment", part.fileName()));
    res.setContentLength(pc.bytes().length);
    res.getOutputStream().write(pc.bytes());
  }

  private void zip(HttpServletResponse res, long id) throws IOException {
    byte[] raw = mailbox.raw(user.id(), id);
    ReadMessage r = MimeReader.read(raw);
    String subject = r.subject().isBlank() ? "attachments" : r.subject();
    res.setHeader("Content-Security-Policy", SANDBOX_CSP);
    res.setContentType("application/zip");
    res.setHeader("Content-Disposition", ContentDisposition.of("attachment", subject + ".zip"));
    Set<String> names = new HashSet<>();
    try (OutputStream out = res.getOutputStream();
        ZipOutputStream zip = new ZipOutputStream(out, StandardCharsets.UTF_8)) {
      for (MailPart p : r.attachments()) {
        var pc = MimeReader.part(raw, p.index());
        if (pc.isEmpty()) {
          continue;
        }
        String name = ContentDisposition.safeName(p.fileName());
        String unique = name;
        for (int i = 2; !names.add(unique.toLowerCase(java.util.Locale.ROOT)) && i < 10_000; i++) {
          int dot = name.lastIndexOf('.');
          unique =
              dot > 0
                  ? name.substring(0, dot) + " (" + i + ")" + name.substring(dot)
                  : name + " (" + i + ")";
        }
        zip.putNextEntry(new ZipEntry(unique));
        zip.write(pc.get().bytes());
        zip.closeEntry();
      }
    }
  }

  private void source(HttpServletRequest req, HttpServletResponse res, long id) throws IOException {
    byte[] raw = mailbox.raw(user.id(), id);
    res.setHeader("Content-Security-Policy", SANDBOX_CSP);
    res.setContentType("text/plain; charset=utf-8");
    res.setHeader(
        "Content-Disposition",
        ContentDisposition.of(
            "1".equals(req.getParameter("download")) ? "attachment" : "inline",
            "message-" + id + ".eml"));
    res.setContentLength(raw.length);
    res.getOutputStream().write(raw);
  }

  static String escape(String s) {
    return HtmlSanitizer.escape(s);
  }
}
