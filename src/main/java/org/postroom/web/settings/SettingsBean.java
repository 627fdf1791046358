package org.postroom.web.settings;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import org.postroom.account.AccountService;
import org.postroom.core.ValidationException;
import org.postroom.mailbox.MailSettings;
import org.postroom.mailbox.MailboxService;
import org.postroom.web.Messages;
import org.postroom.web.Navigation;
import org.postroom.web.security.CurrentUser;

/** The user's own settings: display name and password. */
@Named
@RequestScoped
public class SettingsBean {
  @Inject AccountService accounts;
  @Inject CurrentUser user;
  @Inject MailboxService mailbox;

  private String displayName;
  private String currentPassword;
  private String newPassword;
  private String confirmPassword;
  private Integer pageSize;
  private boolean conversationView;
  private boolean mailLoaded;

  public void onLoad() {
    if (displayName == null) {
      displayName = accounts.byId(user.id()).map(a -> a.displayName()).orElse("");
    }
    if (!mailLoaded) {
      MailSettings m = mailbox.settings(user.id());
      pageSize = m.pageSize();
      conversationView = m.conversationView();
      mailLoaded = true;
    }
  }

  public void saveMail() {
    try {
      mailbox.saveSettings(user.id(), pageSize, conversationView);
      Messages.info("Your mail settings are saved.");
      Navigation.redirect("/settings/");
    } catch (ValidationException e) {
      Messages.fieldErrors("mail", e);
    }
  }

  public Integer getPageSize() {
    return pageSize;
  }

  public void setPageSize(Integer pageSize) {
    this.pageSize = pageSize;
    this.mailLoaded = true;
  }

  public boolean isConversationView() {
    return conversationView;
  }

  public void setConversationView(boolean conversationView) {
    this.conversationView = conversationView;
    this.mailLoaded = true;
  }

  public String getAddress() {
    return user.address();
  }

  public void saveProfile() {
    try {
      accounts.changeOwnDisplayName(user.id(), displayName == null ? "" : displayName);
      Messages.info("Your name is saved.");
      Navigation.redirect("/settings/");
    } catch (ValidationException e) {
      Messages.fieldErrors("profile", e);
    }
  }

  public void changePassword() {
    if (newPassword != null && !newPassword.equals(confirmPassword)) {
      Messages.fieldError("password", "confirmPassword", "The two new passwords differ.");
      return;
    }
    try {
      accounts.changeOwnPassword(user.id(), currentPassword, newPassword);
      Messages.info("Your password is changed.");
      Navigation.redirect("/settings/");
    } catch (ValidationException e) {
      Messages.fieldErrors("password", e);
    }
  }

  public String getDisplayName() {
    return displayName;
  }

  public void setDisplayName(String displayName) {
    this.displayName = displayName;
  }

  public String getCurrentPassword() {
    return currentPassword;
  }

  public void setCurrentPassword(String currentPassword) {
    this.currentPassword = currentPassword;
  }

  public String getNewPassword() {
    return newPassword;
  }

  public void setNewPassword(String newPassword) {
    this.newPassword = newPassword;
  }

  public String getConfirmPassword() {
    return confirmPassword;
  }

  public void setConfirmPassword(String confirmPassword) {
    this.confirmPassword = confirmPassword;
  }
}
