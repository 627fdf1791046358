package org.postroom.web.settings;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import org.postroom.core.ValidationException;
import org.postroom.mailbox.MailboxService;
import org.postroom.sending.SendingSettings;
import org.postroom.sending.SendingSettingsService;
import org.postroom.web.Messages;
import org.postroom.web.Navigation;
import org.postroom.web.security.CurrentUser;

/**
 * The "Sending" section of the settings page: signature, Reply-To, undo delay, and whether mail
 * sent from a mail program is filed in Sent.
 */
@Named
@RequestScoped
public class SendingSettingsBean {
  @Inject SendingSettingsService sendingSettings;
  @Inject CurrentUser user;
  @Inject MailboxService mailbox;

  private String signature;
  private String replyTo;
  private Integer undoSeconds;
  private boolean sentCopy;
  private boolean loaded;

  public void onLoad() {
    if (!loaded) {
      SendingSettings s = sendingSettings.settings(user.id());
      signature = s.signature();
      replyTo = s.replyTo();
      undoSeconds = sendingSettings.undoSeconds(user.id());
      sentCopy = mailbox.sentCopy(user.id());
      loaded = true;
    }
  }

  public void save() {
    try {
      sendingSettings.saveSettings(user.id(), signature, replyTo, undoSeconds);
      mailbox.saveSentCopy(user.id(), sentCopy);
      Messages.info("Your sending settings are saved.");
      Navigation.redirect("/settings/");
    } catch (ValidationException e) {
      Messages.fieldErrors("sending", e);
    }
  }

  public String getSignature() {
    return signature;
  }

  public void setSignature(String signature) {
    this.signature = signature;
    loaded = true;
  }

  public String getReplyTo() {
    return replyTo;
  }

  public void setReplyTo(String replyTo) {
    this.replyTo = replyTo;
    loaded = true;
  }

  public Integer getUndoSeconds() {
    return undoSeconds;
  }

  public void setUndoSeconds(Integer undoSeconds) {
    this.undoSeconds = undoSeconds;
    loaded = true;
  }

  public boolean isSentCopy() {
    return sentCopy;
  }

  public void setSentCopy(boolean sentCopy) {
    this.sentCopy = sentCopy;
    loaded = true;
  }
}
