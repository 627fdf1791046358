package org.postroom.web.admin;

import jakarta.enterprise.context.RequestScoped;
import jakarta.faces.context.FacesContext;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.postroom.core.NotFoundException;
import org.postroom.core.ValidationException;
import org.postroom.delivery.queue.RelayAdmin;
import org.postroom.delivery.queue.SendingPolicy;
import org.postroom.web.Messages;
import org.postroom.web.Navigation;

/**
 * Admin: each user's mail to other domains: sent in the last hour and day, the limits in force, a
 * switch that suspends one user's sending, and limits for one user other than the server's.
 */
@Named
@RequestScoped
public class SendingBean {
  static final String FORM = "limits";

  @Inject RelayAdmin relay;
  @Inject org.postroom.web.UserLocale userLocale;

  private String address;
  private RelayAdmin.Sender selected;
  private Integer perHour;
  private Integer perDay;
  private Integer perMessage;
  private List<RelayAdmin.Sender> senders;

  public void onLoad() {
    if (address == null || address.isBlank()) {
      getSelected(); // a postback names the user in the form
      return;
    }
    try {
      selected = relay.sender(address);
      if (!FacesContext.getCurrentInstance().isPostback()) {
        perHour = selected.policy().perHour();
        perDay = selected.policy().perDay();
        perMessage = selected.policy().recipientsPerMessage();
      }
    } catch (NotFoundException e) {
      Messages.info("No account " + address + ".");
      Navigation.redirect("/admin/sending.xhtml");
    }
  }

  public List<RelayAdmin.Sender> getSenders() {
    if (senders == null) {
      senders = relay.senders();
    }
    return senders;
  }

  public void suspend() {
    toggle(true);
  }

  public void resume() {
    toggle(false);
  }

  private void toggle(boolean suspend) {
    String who =
        FacesContext.getCurrentInstance()
            .getExternalContext()
            .getRequestParameterMap()
            .get("address");
    try {
      relay.setSuspended(who, suspend);
      Messages.info(
          suspend
              ? "Sending to other domains is suspended for " + who + "."
              : who + " may send to other domains again.");
    } catch (NotFoundException e) {
      Messages.info(e.getMessage());
    }
    Navigation.redirect("/admin/sending.xhtml");
  }

  public void saveLimits() {
    if (getSelected() == null) {
      return;
    }
    try {
      relay.setPolicy(
          address, new SendingPolicy(selected.policy().suspended(), perHour, perDay, perMessage));
      Messages.info("Limits of " + address + " saved.");
      Navigation.redirect(
          "/admin/sending.xhtml?address=" + URLEncoder.encode(address, StandardCharsets.UTF_8));
    } catch (ValidationException e) {
      Messages.fieldErrors(
          FORM, e.fieldErrors(), java.util.Map.of("recipientsPerMessage", "perMessage"));
    }
  }

  /** "100 (default)" or "500". */
  public String limit(int inForce, Integer set) {
    var l = userLocale.getLocale();
    String v =
        inForce == 0 ? org.postroom.web.I18n.text(l, "sending.noLimit") : String.valueOf(inForce);
    return set == null ? org.postroom.web.I18n.format(l, "sending.default", v) : v;
  }

  /**
   * The user whose limits the form edits. On a postback Faces asks for it (the form's {@code
   * rendered}) before the view parameter and {@link #onLoad} have run, so it is read from the
   * form's own address field then; without it the form would be skipped and "Save" would do
   * nothing.
   */
  public RelayAdmin.Sender getSelected() {
    if (selected == null && address == null) {
      String posted =
          FacesContext.getCurrentInstance()
              .getExternalContext()
              .getRequestParameterMap()
              .get("address");
      if (posted != null && !posted.isBlank()) {
        try {
          selected = relay.sender(posted);
          address = posted; // the heading and Save name the same user after an error
        } catch (NotFoundException e) {
          return null;
        }
      }
    }
    return selected;
  }

  public String getAddress() {
    return address;
  }

  public void setAddress(String address) {
    this.address = address;
  }

  public Integer getPerHour() {
    return perHour;
  }

  public void setPerHour(Integer perHour) {
    this.perHour = perHour;
  }

  public Integer getPerDay() {
    return perDay;
  }

  public void setPerDay(Integer perDay) {
    this.perDay = perDay;
  }

  public Integer getPerMessage() {
    return perMessage;
  }

  public void setPerMessage(Integer perMessage) {
    this.perMessage = perMessage;
  }
}
