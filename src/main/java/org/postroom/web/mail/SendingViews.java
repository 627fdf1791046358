package org.postroom.web.mail;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import org.postroom.sending.Drafts;
import org.postroom.sending.Outgoing;
import org.postroom.sending.RecipientStatus;
import org.postroom.sending.SendHold;
import org.postroom.sending.SentMail;
import org.postroom.web.security.CurrentUser;

/**
 * What the mail pages show about sending: the Undo bar of held messages, the Scheduled count and
 * list, a sent message's delivery status, and whether a message is an editable draft.
 */
@Named
@RequestScoped
public class SendingViews {
  @Inject Drafts drafts;
  @Inject SendHold hold;
  @Inject SentMail sentMail;
  @Inject CurrentUser user;
  @Inject HttpServletRequest request;
  @Inject org.postroom.web.TextFormat texts;

  private List<Outgoing> held;
  private List<Outgoing> scheduled;
  private Long scheduledCount;

  public List<Outgoing> getHeld() {
    if (held == null) {
      held = hold.held(user.id());
    }
    return held;
  }

  public List<Outgoing> getScheduled() {
    if (scheduled == null) {
      scheduled = hold.scheduled(user.id());
    }
    return scheduled;
  }

  public long getScheduledCount() {
    if (scheduledCount == null) {
      scheduledCount = hold.scheduledCount(user.id());
    }
    return scheduledCount;
  }

  public List<RecipientStatus> status(long messageId) {
    return sentMail.status(user.id(), messageId);
  }

  /** The draft id behind a message in Drafts, or null. */
  public Long draftOf(long messageId) {
    return drafts.draftOf(user.id(), messageId).map(Outgoing::id).orElse(null);
  }

  /** Milliseconds since the epoch: when a held message goes (the Undo countdown). */
  public long releaseMillis(Outgoing o) {
    return o.releaseAt() == null ? 0 : o.releaseAt().toInstant().toEpochMilli();
  }

  /**
   * The countdown as first shown, e.g. " (30 s)": rendered by the server so the text beside the
   * Undo button has its width before the script ticks, and the button does not move under the
   * pointer when the countdown starts.
   */
  public String countdown(Outgoing o) {
    long left = (long) Math.ceil((releaseMillis(o) - System.currentTimeMillis()) / 1000.0);
    return left > 0 ? " (" + left + " s)" : "";
  }

  private String notice;
  private boolean noticeTaken;

  /** The one-time notice of the last action (taken from the session once per request). */
  public String getNotice() {
    if (!noticeTaken) {
      notice = Notice.take(request.getSession(false));
      noticeTaken = true;
    }
    return texts.sentence(notice);
  }

  public String getCsrf() {
    return Csrf.token(request.getSession());
  }
}
