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
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.postroom.core.ConflictException;
import org.postroom.core.NotFoundException;
import org.postroom.core.ValidationException;
import org.postroom.sending.Composition;
import org.postroom.sending.Drafts;
import org.postroom.sending.Outgoing;
import org.postroom.sending.SendHold;
import org.postroom.web.I18n;
import org.postroom.web.UserLocale;
import org.postroom.web.security.CurrentUser;

/**
 * {@code POST /mail/compose}: every button of the compose page and the compose script's requests.
 * Saving (autosave, attach, remove a file, Save) answers JSON to the script ({@code ajax=1}) or
 * redirects back to the draft; Send and Send later redirect to the mail list or Scheduled, or back
 * to the draft with each wrong field's message beside it; Undo, Edit and Cancel take a held or
 * scheduled message back into a draft. Every request carries the page's CSRF token.
 */
@WebServlet("/mail/compose")
@MultipartConfig(fileSizeThreshold = 1 << 20, maxFileSize = 200L << 20, maxRequestSize = 210L << 20)
public class ComposeServlet extends HttpServlet {
  private static final long serialVersionUID = 1L;

  /** Session attribute prefix: the field errors of a draft, shown once on its compose page. */
  static final String ERRORS = "postroom.compose.errors.";

  static final String SEND_AT = "postroom.compose.sendAt.";

  @Inject transient Drafts drafts;
  @Inject transient SendHold hold;
  @Inject transient UserLocale userLocale;
  @Inject transient CurrentUser user;

  @Override
  protected void doGet(HttpServletRequest req, HttpServletResponse res) throws IOException {
    res.setHeader("Allow", "POST");
    res.sendError(405);
  }

  @Override
  protected void doPost(HttpServletRequest req, HttpServletResponse res)
      throws IOException, ServletException {
    req.setCharacterEncoding("UTF-8");
    if (!Csrf.valid(req)) {
      res.sendError(403, "This form has expired; reload the page and try again.");
      return;
    }
    long me = user.id();
    String action = req.getParameter("action") == null ? "save" : req.getParameter("action");
    boolean ajax = "1".equals(req.getParameter("ajax"));
    try {
      switch (action) {
        case "undo", "edit", "cancel" -> {
          Outgoing o = hold.takeBack(me, id(req.getParameter("id")));
          if (action.equals("cancel")) {
            redirect(req, res, "/mail/scheduled.xhtml", "Cancelled; the message is in Drafts.");
          } else {
            redirect(req, res, "/mail/compose.xhtml?draft=" + o.id(), null);
          }
        }
        case "discard" -> {
          String key = req.getParameter("key");
          Long draft = existingDraft(me, req);
          if (draft != null) {
            drafts.discard(me, draft);
          }
          if (ajax) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("discarded", true);
            m.put("key", key == null ? "" : key);
            JsonReply.send(res, 200, m);
          } else {
            redirect(req, res, "/mail/", "Draft discarded.");
          }
        }
        case "remove-file" -> {
          drafts.removeFile(me, req.getParameter("key"), id(req.getParameter("file")));
          Outgoing o = drafts.save(me, req.getParameter("key"), composition(req), List.of());
          answerSaved(req, res, o, ajax);
        }
        case "send", "schedule" -> {
          Outgoing o = saveAll(me, req);
          OffsetDateTime at = null;
          try {
            at = action.equals("schedule") ? sendAt(req) : null;
            hold.send(me, o.id(), at);
          } catch (ValidationException e) {
            req.getSession().setAttribute(ERRORS + o.id(), new HashMap<>(e.fieldErrors()));
            // what was typed in "Send at" is shown again next to its error
            req.getSession()
                .setAttribute(SEND_AT + o.id(), String.valueOf(req.getParameter("sendAt")));
            redirect(
                req,
                res,
                "/mail/compose.xhtml?draft=" + o.id(),
                "Nothing was sent: check the fields marked below.");
            return;
          }
          if (at != null) {
            redirect(req, res, "/mail/scheduled.xhtml", "Scheduled.");
          } else {
            redirect(req, res, "/mail/", null);
          }
        }
        default -> {
          Outgoing o = saveAll(me, req);
          answerSaved(req, res, o, ajax);
        }
      }
    } catch (ValidationException e) {
      if (ajax) {
        Map<String, String> translated = new LinkedHashMap<>();
        e.fieldErrors()
            .forEach((k, v) -> translated.put(k, I18n.sentence(userLocale.getLocale(), v)));
        JsonReply.send(res, 400, Map.of("errors", translated));
      } else {
        Long draft = existingDraft(me, req);
        if (draft != null) {
          req.getSession().setAttribute(ERRORS + draft, new HashMap<>(e.fieldErrors()));
          redirect(
              req,
              res,
              "/mail/compose.xhtml?draft=" + draft,
              String.join(" ", e.fieldErrors().values()));
        } else {
          redirect(req, res, "/mail/", String.join(" ", e.fieldErrors().values()));
        }
      }
    } catch (ConflictException e) {
      if (ajax) {
        JsonReply.send(
            res,
            409,
            Map.of("error", I18n.sentence(userLocale.getLocale(), String.valueOf(e.getMessage()))));
      } else {
        redirect(req, res, "/mail/", e.getMessage());
      }
    } catch (NotFoundException e) {
      res.sendError(404);
    }
  }

  private void answerSaved(
      HttpServletRequest req, HttpServletResponse res, Outgoing o, boolean ajax)
      throws IOException {
    if (!ajax) {
      redirect(req, res, "/mail/compose.xhtml?draft=" + o.id(), "Draft saved.");
      return;
    }
    List<Map<String, Object>> files = new ArrayList<>();
    for (Outgoing.File f : drafts.files(user.id(), o.id())) {
      Map<String, Object> file = new LinkedHashMap<>();
      file.put("id", f.id());
      file.put("name", f.fileName());
      file.put("size", f.size());
      files.add(file);
    }
    Map<String, Object> saved = new LinkedHashMap<>();
    saved.put("draft", o.id());
    saved.put("savedAt", String.valueOf(o.updatedAt()));
    saved.put("files", files);
    JsonReply.send(res, 200, saved);
  }

  /**
   * Saves the form with its new files. When the files are refused (too big), the text is saved
   * without them before the error goes back, so nothing typed is lost.
   */
  private Outgoing saveAll(long me, HttpServletRequest req) throws IOException, ServletException {
    String key = req.getParameter("key");
    Composition m = composition(req);
    try {
      return drafts.save(me, key, m, uploads(req));
    } catch (ValidationException e) {
      drafts.save(me, key, m, List.of());
      throw e;
    }
  }

  private Long existingDraft(long me, HttpServletRequest req) {
    String key = req.getParameter("key");
    String draft = req.getParameter("draft");
    if (draft != null && !draft.isBlank()) {
      try {
        return drafts.open(me, Long.parseLong(draft.strip())).id();
      } catch (NumberFormatException | NotFoundException e) {
        // fall back to the key
      }
    }
    return key == null ? null : drafts.draftByKey(me, key).map(Outgoing::id).orElse(null);
  }

  static Composition composition(HttpServletRequest req) {
    String origin = req.getParameter("origin");
    Composition.Origin kind = null;
    Long originId = null;
    if (origin != null && !origin.isBlank()) {
      try {
        kind = Composition.Origin.valueOf(origin);
        originId = Long.parseLong(req.getParameter("originId"));
      } catch (IllegalArgumentException | NullPointerException e) {
        kind = null;
      }
    }
    return new Composition(
        req.getParameter("from"),
        req.getParameter("to"),
        req.getParameter("cc"),
        req.getParameter("bcc"),
        req.getParameter("subject"),
        "true".equals(req.getParameter("rich")),
        req.getParameter("body"),
        originId,
        kind);
  }

  private List<Drafts.Upload> uploads(HttpServletRequest req) throws IOException, ServletException {
    List<Drafts.Upload> out = new ArrayList<>();
    if (req.getContentType() == null || !req.getContentType().startsWith("multipart/")) {
      return out;
    }
    for (Part p : req.getParts()) {
      if (p.getName().equals("files")
          && p.getSubmittedFileName() != null
          && !p.getSubmittedFileName().isBlank()) {
        if (p.getSize() > drafts.attachmentLimit()) {
          // refused before it is read into memory; the service checks the total again
          throw ValidationException.of(
              "attachments",
              p.getSubmittedFileName() + " is bigger than the most a message may carry.");
        }
        try (InputStream in = p.getInputStream()) {
          out.add(
              new Drafts.Upload(p.getSubmittedFileName(), p.getContentType(), in.readAllBytes()));
        }
      }
    }
    return out;
  }

  /** The chosen local time, in the browser's offset (minutes west of UTC, as JavaScript says). */
  static OffsetDateTime sendAt(HttpServletRequest req) {
    String at = req.getParameter("sendAt");
    if (at == null || at.isBlank()) {
      throw ValidationException.of("sendAt", "Choose when to send it.");
    }
    int west = 0;
    try {
      String tz = req.getParameter("tz");
      west = tz == null || tz.isBlank() ? 0 : Integer.parseInt(tz.strip());
    } catch (NumberFormatException e) {
      west = 0;
    }
    if (Math.abs(west) > 18 * 60) {
      west = 0;
    }
    try {
      return LocalDateTime.parse(at.strip())
          .atOffset(ZoneOffset.ofTotalSeconds(-west * 60))
          .withOffsetSameInstant(ZoneOffset.UTC);
    } catch (DateTimeParseException e) {
      throw ValidationException.of("sendAt", "Enter a date and time.");
    }
  }

  private static long id(String s) {
    try {
      return Long.parseLong(s == null ? "" : s.strip());
    } catch (NumberFormatException e) {
      throw new NotFoundException("No such message.");
    }
  }

  /** Redirects with a notice, written in the user's language. */
  private void redirect(
      HttpServletRequest req, HttpServletResponse res, String path, String notice) {
    if (notice != null) {
      Notice.set(req.getSession(), I18n.sentence(userLocale.getLocale(), notice));
    }
    res.setStatus(303);
    res.setHeader("Location", req.getContextPath() + path);
  }
}
