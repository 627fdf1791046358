package org.postroom.web.admin;

import jakarta.enterprise.context.RequestScoped;
import jakarta.faces.context.FacesContext;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.postroom.core.NotFoundException;
import org.postroom.delivery.queue.QueueFilter;
import org.postroom.delivery.queue.QueuedRecipient;
import org.postroom.delivery.queue.RecipientState;
import org.postroom.delivery.queue.RelayAdmin;
import org.postroom.web.I18n;
import org.postroom.web.MailFormat;
import org.postroom.web.Messages;
import org.postroom.web.Navigation;
import org.postroom.web.UserLocale;

/**
 * Admin: the outbound queue. Each message with its recipients' states, last reply and next attempt;
 * "retry now" per message or for everything deferred; delete with or without a bounce. The buttons
 * carry the message id in a hidden field, so an action never hits another message because the queue
 * changed between showing the page and the click.
 */
@Named
@RequestScoped
public class QueueBean {
  @Inject RelayAdmin relay;
  @Inject MailFormat format;
  @Inject UserLocale userLocale;

  private String show = "active";
  private List<RelayAdmin.Entry> entries;

  public List<RelayAdmin.Entry> getEntries() {
    if (entries == null) {
      entries = relay.queue(filter(), 500);
    }
    return entries;
  }

  public Map<RecipientState, Long> getCounts() {
    return relay.counts();
  }

  public long count(String state) {
    return getCounts().getOrDefault(RecipientState.valueOf(state), 0L);
  }

  private QueueFilter filter() {
    try {
      return QueueFilter.valueOf(show.toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      return QueueFilter.ACTIVE;
    }
  }

  public void retry() {
    Long id = id();
    if (id == null) {
      return;
    }
    try {
      int n = relay.retryNow(id);
      Messages.info("Message " + id + ": " + n + " recipient(s) will be tried now.");
    } catch (NotFoundException e) {
      Messages.info(e.getMessage());
    }
    Navigation.redirect("/admin/queue.xhtml?show=" + show);
  }

  public void retryAll() {
    int n = relay.retryNow(null);
    Messages.info(n + " deferred recipient(s) will be tried now.");
    Navigation.redirect("/admin/queue.xhtml?show=" + show);
  }

  public void delete() {
    remove(false);
  }

  public void deleteAndBounce() {
    remove(true);
  }

  private void remove(boolean bounce) {
    Long id = id();
    if (id == null) {
      return;
    }
    try {
      relay.delete(id, bounce);
      Messages.info(
          "Message "
              + id
              + (bounce ? " deleted; the sender is told it was not delivered." : " deleted."));
    } catch (NotFoundException e) {
      Messages.info(e.getMessage());
    }
    Navigation.redirect("/admin/queue.xhtml?show=" + show);
  }

  private Long id() {
    String v =
        FacesContext.getCurrentInstance().getExternalContext().getRequestParameterMap().get("id");
    try {
      return Long.valueOf(v);
    } catch (NumberFormatException e) {
      Messages.error("That message is not in the queue.");
      return null;
    }
  }

  // ---- formatting for the page

  public String when(OffsetDateTime t) {
    return format.logTime(t);
  }

  /** "in 4 min", "now", "2 h ago". */
  public String relative(OffsetDateTime t) {
    return format.relative(t);
  }

  public String state(QueuedRecipient r) {
    String s = I18n.text(userLocale.getLocale(), "queue.state." + r.state().name());
    return r.leased() && !r.state().isFinal()
        ? I18n.format(userLocale.getLocale(), "queue.sendingNow", s)
        : s;
  }

  public String sender(String reversePath) {
    return reversePath == null || reversePath.isEmpty()
        ? I18n.text(userLocale.getLocale(), "queue.bounceSender")
        : reversePath;
  }

  public String getShow() {
    return show;
  }

  public void setShow(String show) {
    this.show = show == null ? "active" : show;
  }
}
