package org.postroom.web.mail;

import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.postroom.core.ConflictException;
import org.postroom.core.NotFoundException;
import org.postroom.core.ValidationException;
import org.postroom.mailbox.FolderRole;
import org.postroom.mailbox.MailboxService;
import org.postroom.web.Navigation;
import org.postroom.web.security.CurrentUser;

/**
 * Every change to messages from the mail pages: one POST with the selected ids, an action and the
 * page's CSRF token, answered by a redirect back (POST-redirect-GET) with a notice, or 204 for the
 * mark-read request a message page sends when it opens. GET changes nothing here.
 */
@WebServlet("/mail/act")
public class MailActionServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;
  static final int MAX_IDS = 1000;

  @Inject transient MailboxService mailbox;
  @Inject transient CurrentUser user;

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse res) throws IOException {
    res.setHeader("Allow", "POST");
    res.sendError(405);
  }

  @Override
  protected void doPost(HttpServletRequest req, HttpServletResponse res) throws IOException {
    if (!Csrf.valid(req)) {
      res.sendError(403, "This form has expired; reload the page and try again.");
      return;
    }
    long me = user.id();
    String action = req.getParameter("action");
    List<Long> ids = ids(req.getParameterValues("id"));
    String back = Navigation.safeLocalPath(req.getParameter("back"), "/mail/");
    String notice;
    try {
      notice = perform(me, action == null ? "" : action, ids, req.getParameter("folder"));
    } catch (NotFoundException e) {
      res.sendError(404);
      return;
    } catch (ValidationException | ConflictException e) {
      notice =
          e instanceof ValidationException v
              ? String.join(" ", v.fieldErrors().values())
              : e.getMessage();
    }
    if ("1".equals(req.getParameter("ajax"))) {
      res.setStatus(204);
      return;
    }
    Notice.set(req.getSession(), notice);
    if ((action != null)
        && (action.equals("delete") || action.equals("archive") || action.startsWith("move"))
        && req.getParameter("after") != null) {
      back = Navigation.safeLocalPath(req.getParameter("after"), back);
    }
    res.setStatus(303);
    res.setHeader("Location", req.getContextPath() + back);
  }

  private String perform(long me, String action, List<Long> ids, String folder) {
    if (action.equals("empty")) {
      int n = mailbox.empty(me, parse(folder));
      return n + plural(n) + " deleted for good.";
    }
    if (ids.isEmpty()) {
      return "Select one or more messages first.";
    }
    return switch (action) {
      case "read" -> done(mailbox.markSeen(me, ids, true), "marked read");
      case "unread" -> done(mailbox.markSeen(me, ids, false), "marked unread");
      case "flag" -> done(mailbox.flag(me, ids, true), "flagged");
      case "unflag" -> done(mailbox.flag(me, ids, false), "unflagged");
      case "archive" -> done(mailbox.moveTo(me, ids, FolderRole.ARCHIVE), "archived");
      case "junk" -> done(mailbox.moveTo(me, ids, FolderRole.JUNK), "moved to Junk");
      case "move" -> {
        if (folder == null || folder.isBlank()) {
          throw ValidationException.of("folder", "Choose a folder to move to.");
        }
        long to = parse(folder);
        yield done(mailbox.move(me, ids, to), "moved to " + mailbox.folder(me, to).name());
      }
      case "trust" -> {
        String sender = mailbox.message(me, ids.get(0)).summary().fromAddress();
        mailbox.trustSender(me, sender);
        yield "Remote content from " + sender + " will be shown from now on.";
      }
      case "delete" -> {
        MailboxService.Deleted d = mailbox.delete(me, ids);
        yield d.forGood() > 0
            ? d.forGood() + plural(d.forGood()) + " deleted for good."
            : done(d.toTrash(), "moved to Trash");
      }
      default -> throw ValidationException.of("action", "Unknown action.");
    };
  }

  private static String done(int n, String what) {
    return n + plural(n) + " " + what + ".";
  }

  private static String plural(int n) {
    return n == 1 ? " message" : " messages";
  }

  private static long parse(String s) {
    try {
      return Long.parseLong(s);
    } catch (NumberFormatException | NullPointerException e) {
      throw new NotFoundException("No such folder.");
    }
  }

  private static List<Long> ids(String[] values) {
    List<Long> out = new ArrayList<>();
    if (values == null) {
      return out;
    }
    for (String v : values) {
      if (out.size() >= MAX_IDS) {
        break;
      }
      try {
        out.add(Long.parseLong(v.strip()));
      } catch (NumberFormatException e) {
        // not an id of ours
      }
    }
    return out;
  }
}
