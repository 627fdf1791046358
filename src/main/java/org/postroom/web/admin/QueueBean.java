package org.postroom.web.admin;

import jakarta.enterprise.context.RequestScoped;
import jakarta.faces.context.FacesContext;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.postroom.core.NotFoundException;
import org.postroom.delivery.queue.QueueFilter;
import org.postroom.delivery.queue.QueuedRecipient;
import org.postroom.delivery.queue.RecipientState;
import org.postroom.delivery.queue.RelayAdmin;
import org.postroom.web.Messages;
import org.postroom.web.Navigation;

/**
 * Admin: the outbound queue. Each message with its recipients' states, last reply and next attempt;
 * "retry now" per message or for everything deferred; delete with or without a bounce. The buttons
 * carry the message id in a hidden field, so an action never hits another message because the queue
 * changed between showing the page and the click.
 */
@Named
@RequestScoped
public class QueueBean {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss 'UTC'", Locale.ROOT);

  @Inject RelayAdmin relay;

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
    return t == null ? "" : TIME.format(t.withOffsetSameInstant(ZoneOffset.UTC));
  }

  /** "in 4 min", "now", "2 h ago". */
  public String relative(OffsetDateTime t) {
    if (t == null) {
      return "";
    }
    Duration d = Duration.between(OffsetDateTime.now(ZoneOffset.UTC), t);
    boolean future = !d.isNegative();
    long s = Math.abs(d.getSeconds());
    String amount;
    if (s < 5) {
      return "now";
    } else if (s < 120) {
      amount = s + " s";
    } else if (s < 7200) {
      amount = s / 60 + " min";
    } else if (s < 172800) {
      amount = s / 3600 + " h";
    } else {
      amount = s / 86400 + " days";
    }
    return future ? "in " + amount : amount + " ago";
  }

  public String state(QueuedRecipient r) {
    String s = r.state().name().toLowerCase(Locale.ROOT);
    return r.leased() && !r.state().isFinal() ? s + ", sending now" : s;
  }

  public String sender(String reversePath) {
    return reversePath == null || reversePath.isEmpty() ? "<> (bounce)" : reversePath;
  }

  public String getShow() {
    return show;
  }

  public void setShow(String show) {
    this.show = show == null ? "active" : show;
  }
}
