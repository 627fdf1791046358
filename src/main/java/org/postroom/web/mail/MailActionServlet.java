package org.postroom.web.mail;

import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.postroom.core.ConflictException;
import org.postroom.core.NotFoundException;
import org.postroom.core.ValidationException;
import org.postroom.mailbox.Folder;
import org.postroom.mailbox.FolderRole;
import org.postroom.mailbox.MailboxService;
import org.postroom.web.I18n;
import org.postroom.web.Navigation;
import org.postroom.web.UserLocale;
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

  /** "Select all in this folder" acts on at most this many at once. */
  static final int MAX_ALL = 10_000;

  @Inject transient MailboxService mailbox;
  @Inject transient CurrentUser user;
  @Inject transient UserLocale userLocale;

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
    Locale locale = userLocale.getLocale();
    String action = req.getParameter("action") == null ? "" : req.getParameter("action");
    String back = Navigation.safeLocalPath(req.getParameter("back"), "/mail/");
    String notice;
    Undo undo = null;
    try {
      if (action.equals("undo")) {
        notice = undo(req, me, locale);
      } else {
        List<Long> ids = selected(req, me);
        Map<Long, Long> before = undoable(action) ? mailbox.foldersOf(me, ids) : Map.of();
        notice = perform(me, action, ids, req.getParameter("folder"), locale);
        if (!before.isEmpty()) {
          undo = Undo.of(before);
        }
      }
    } catch (NotFoundException e) {
      res.sendError(404);
      return;
    } catch (ValidationException | ConflictException e) {
      notice =
          e instanceof ValidationException v
              ? String.join(
                  " ",
                  v.fieldErrors().values().stream().map(m -> I18n.sentence(locale, m)).toList())
              : I18n.sentence(locale, e.getMessage());
    }
    if ("1".equals(req.getParameter("ajax"))) {
      res.setStatus(204);
      return;
    }
    Notice.set(req.getSession(), notice);
    Undo.set(req.getSession(), undo);
    if ((action.equals("delete")
            || action.equals("archive")
            || action.equals("junk")
            || action.equals("notjunk")
            || action.startsWith("move"))
        && req.getParameter("after") != null) {
      back = Navigation.safeLocalPath(req.getParameter("after"), back);
    }
    res.setStatus(303);
    res.setHeader("Location", req.getContextPath() + back);
  }

  /** Moves that Undo can take back (a delete for good cannot be). */
  private static boolean undoable(String action) {
    return action.equals("archive")
        || action.equals("junk")
        || action.equals("notjunk")
        || action.equals("move")
        || action.equals("delete");
  }

  /**
   * The messages an action is for: the ticked rows, every message of their conversations when the
   * list showed conversations, or every message of the folder when "all in this folder" was chosen.
   */
  private List<Long> selected(HttpServletRequest req, long me) {
    String from = req.getParameter("from");
    if ("true".equals(req.getParameter("all")) && from != null) {
      List<Long> all = mailbox.allIn(me, parse(from));
      return all.size() > MAX_ALL ? all.subList(0, MAX_ALL) : all;
    }
    List<Long> ids = ids(req.getParameterValues("id"));
    if ("true".equals(req.getParameter("conversations")) && from != null && !ids.isEmpty()) {
      return mailbox.conversations(me, parse(from), ids);
    }
    return ids;
  }

  private String undo(HttpServletRequest req, long me, Locale locale) {
    Undo u = Undo.take(req.getSession(), req.getParameter("undo"));
    if (u == null) {
      return I18n.text(locale, "mail.undoGone");
    }
    int n = mailbox.moveBack(me, u.folderOf());
    return I18n.format(locale, "mail.done.undone", n);
  }

  private String perform(long me, String action, List<Long> ids, String folder, Locale locale) {
    if (action.equals("empty")) {
      int n = mailbox.empty(me, parse(folder));
      return I18n.format(locale, "mail.done.deletedForGood", n);
    }
    if (ids.isEmpty()) {
      return I18n.text(locale, "mail.selectFirst");
    }
    return switch (action) {
      case "read" -> I18n.format(locale, "mail.done.read", mailbox.markSeen(me, ids, true));
      case "unread" -> I18n.format(locale, "mail.done.unread", mailbox.markSeen(me, ids, false));
      case "flag" -> I18n.format(locale, "mail.done.flagged", mailbox.flag(me, ids, true));
      case "unflag" -> I18n.format(locale, "mail.done.unflagged", mailbox.flag(me, ids, false));
      case "archive" ->
          moved(locale, mailbox.moveTo(me, ids, FolderRole.ARCHIVE), folder(locale, "ARCHIVE"));
      case "junk" ->
          moved(locale, mailbox.moveTo(me, ids, FolderRole.JUNK), folder(locale, "JUNK"));
      case "notjunk" ->
          I18n.format(locale, "mail.done.notSpam", mailbox.moveTo(me, ids, FolderRole.INBOX));
      case "move" -> {
        if (folder == null || folder.isBlank()) {
          throw ValidationException.of("folder", "Choose a folder to move to.");
        }
        long to = parse(folder);
        Folder target = mailbox.folder(me, to);
        String name = target.role() == null ? target.name() : folder(locale, target.role().name());
        yield moved(locale, mailbox.move(me, ids, to), name);
      }
      case "trust" -> {
        String sender = mailbox.message(me, ids.get(0)).summary().fromAddress();
        mailbox.trustSender(me, sender);
        yield I18n.format(locale, "mail.done.trusted", sender);
      }
      case "delete" -> {
        MailboxService.Deleted d = mailbox.delete(me, ids);
        yield d.forGood() > 0
            ? I18n.format(locale, "mail.done.deletedForGood", d.forGood())
            : moved(locale, d.toTrash(), folder(locale, "TRASH"));
      }
      default -> throw ValidationException.of("action", "Unknown action.");
    };
  }

  private static String moved(Locale locale, int n, String folder) {
    return I18n.format(locale, "mail.done.moved", n, folder);
  }

  private static String folder(Locale locale, String role) {
    return I18n.text(locale, "folder." + role);
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
