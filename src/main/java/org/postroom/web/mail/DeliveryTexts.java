package org.postroom.web.mail;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import org.postroom.sending.RecipientStatus;
import org.postroom.web.I18n;
import org.postroom.web.MailFormat;
import org.postroom.web.UserLocale;

/** The sentences of per-recipient delivery status, in the user's language and time zone. */
@Named
@RequestScoped
public class DeliveryTexts {
  @Inject UserLocale userLocale;
  @Inject MailFormat format;

  /** "delivered", "zugestellt"... */
  public String label(RecipientStatus s) {
    return I18n.text(userLocale.getLocale(), "delivery." + s.state());
  }

  public String text(RecipientStatus s) {
    var l = userLocale.getLocale();
    String reply = s.reply() == null || s.reply().isBlank() ? null : s.reply();
    return switch (s.state()) {
      case "delivered" ->
          s.local()
              ? I18n.format(l, "delivery.text.here", format.fullDate(s.at()))
              : I18n.format(l, "delivery.text.to", s.remoteHost(), format.fullDate(s.at()));
      case "bounced" ->
          I18n.format(
              l,
              "delivery.text.bounced",
              reply != null ? reply : I18n.text(l, "delivery.undeliverable"));
      case "deferred" ->
          I18n.format(
              l,
              "delivery.text.deferred",
              reply != null ? reply : I18n.text(l, "delivery.noAnswer"),
              format.fullDate(s.nextAttemptAt()));
      case "queued" -> I18n.format(l, "delivery.text.queued", s.domain());
      default -> I18n.text(l, "delivery.text.unknown");
    };
  }
}
