package org.postroom.web.mail;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.postroom.core.EmailAddress;
import org.postroom.sending.Composition;
import org.postroom.sending.Drafts;
import org.postroom.sending.Outgoing;
import org.postroom.sending.QuoteStyle;
import org.postroom.sending.SendingSettingsService;
import org.postroom.web.Navigation;
import org.postroom.web.security.CurrentUser;

/**
 * The compose page: a new message, a reply (all), a forward (inline or as attachment) or a saved
 * draft, with the errors of a refused Send next to their fields. The form posts to {@link
 * ComposeServlet}; the compose script autosaves it there.
 */
@Named
@RequestScoped
public class ComposeBean {
  @Inject Drafts drafts;
  @Inject SendingSettingsService sendingSettings;
  @Inject org.postroom.web.TextFormat texts;
  @Inject org.postroom.web.UserLocale userLocale;
  @Inject CurrentUser user;
  @Inject HttpServletRequest request;

  private Long draft;
  private Long draftMessage;
  private Long reply;
  private Long replyAll;
  private Long forward;
  private Long forwardAttachment;
  private String to;

  private String key;
  private Composition composition;
  private List<Outgoing.File> files = List.of();
  private Map<String, String> errors = Map.of();
  private String notice;
  private boolean notSent;
  private String sendAtValue = "";

  /** One choice of the From list. */
  public record Identity(String address, String label) {}

  @SuppressWarnings("unchecked")
  public void onLoad() {
    long me = user.id();
    HttpSession session = request.getSession();
    notice = Notice.take(session);
    if (draft == null && draftMessage != null) {
      // a row of the Drafts folder: its draft opens here; a copy that is no longer an editable
      // draft opens in the message view
      Optional<Outgoing> o = drafts.draftOf(me, draftMessage);
      Navigation.redirect(
          o.isPresent()
              ? "/mail/compose.xhtml?draft=" + o.get().id()
              : "/mail/message.xhtml?id=" + draftMessage);
      return;
    }
    if (draft != null) {
      Outgoing o = drafts.open(me, draft);
      if (o.state() != Outgoing.State.DRAFT) {
        Navigation.redirect("/mail/scheduled.xhtml");
        return;
      }
      key = o.composeKey();
      composition = o.composition();
      files = drafts.files(me, o.id());
      Object e = session.getAttribute(ComposeServlet.ERRORS + o.id());
      if (e instanceof Map<?, ?> m) {
        errors = (Map<String, String>) m;
        session.removeAttribute(ComposeServlet.ERRORS + o.id());
      }
      Object at = session.getAttribute(ComposeServlet.SEND_AT + o.id());
      if (at instanceof String a) {
        sendAtValue = a;
        session.removeAttribute(ComposeServlet.SEND_AT + o.id());
      }
      if (o.lastError() != null && notice == null) {
        notSent = true;
        notice = texts.f("compose.notSent", texts.sentence(o.lastError()));
      }
      return;
    }
    key = Drafts.newKey();
    QuoteStyle style = new QuoteStyle(userLocale.getLocale(), userLocale.getZone());
    if (reply != null) {
      composition = drafts.reply(me, reply, false, style);
    } else if (replyAll != null) {
      composition = drafts.reply(me, replyAll, true, style);
    } else if (forward != null) {
      composition = drafts.forward(me, forward, false, style);
    } else if (forwardAttachment != null) {
      composition = drafts.forward(me, forwardAttachment, true, style);
    } else {
      Composition fresh = drafts.fresh(me);
      composition =
          to == null || to.isBlank()
              ? fresh
              : new Composition(
                  fresh.from(), to, "", "", "", fresh.rich(), fresh.body(), null, null);
    }
  }

  public List<Identity> getIdentities() {
    String name = drafts.displayName(user.id());
    List<Identity> out = new ArrayList<>();
    for (EmailAddress a : drafts.identities(user.id())) {
      out.add(new Identity(a.toString(), name.isBlank() ? a.toString() : name + " <" + a + ">"));
    }
    return out;
  }

  public List<String> getCarried() {
    return drafts.carried(user.id(), composition);
  }

  public String getLimit() {
    return String.format(java.util.Locale.ROOT, "%.0f MB", drafts.attachmentLimit() / 1e6);
  }

  public long getLimitBytes() {
    return drafts.attachmentLimit();
  }

  /** Whether the notice reports a refusal (fields in error, or a send that failed). */
  public boolean isNoticeAnError() {
    return !errors.isEmpty() || notSent;
  }

  /** The error of a field, in the user's language ("" when it has none). */
  public String error(String field) {
    String e = errors.get(field);
    return e == null ? "" : texts.sentence(e);
  }

  /** What was typed in "Send at" before an error sent the page back. */
  public String getSendAtValue() {
    return sendAtValue;
  }

  public String getCsrf() {
    return Csrf.token(request.getSession());
  }

  public String getOrigin() {
    return composition.origin() == null ? "" : composition.origin().name();
  }

  public String getOriginId() {
    return composition.originId() == null ? "" : composition.originId().toString();
  }

  public Composition getComposition() {
    return composition;
  }

  public List<Outgoing.File> getFiles() {
    return files;
  }

  public String getKey() {
    return key;
  }

  public String getNotice() {
    return texts.sentence(notice);
  }

  public int getUndoSeconds() {
    return sendingSettings.undoSeconds(user.id());
  }

  public Long getDraft() {
    return draft;
  }

  public void setDraft(Long draft) {
    this.draft = draft;
  }

  public Long getDraftMessage() {
    return draftMessage;
  }

  public void setDraftMessage(Long draftMessage) {
    this.draftMessage = draftMessage;
  }

  public Long getReply() {
    return reply;
  }

  public void setReply(Long reply) {
    this.reply = reply;
  }

  public Long getReplyAll() {
    return replyAll;
  }

  public void setReplyAll(Long replyAll) {
    this.replyAll = replyAll;
  }

  public Long getForward() {
    return forward;
  }

  public void setForward(Long forward) {
    this.forward = forward;
  }

  public Long getForwardAttachment() {
    return forwardAttachment;
  }

  public void setForwardAttachment(Long forwardAttachment) {
    this.forwardAttachment = forwardAttachment;
  }

  public String getTo() {
    return to;
  }

  public void setTo(String to) {
    this.to = to;
  }
}
