package org.postroom.web.settings;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import org.postroom.core.ValidationException;
import org.postroom.mailbox.MailboxService;
import org.postroom.mailbox.RemoteContent;
import org.postroom.web.Messages;
import org.postroom.web.Navigation;
import org.postroom.web.security.CurrentUser;

/** Settings: whether HTML mail may load images and styles from other servers. */
@Named
@RequestScoped
public class RemoteContentBean {
  @Inject CurrentUser user;
  @Inject MailboxService mailbox;

  private String policy;

  public String getPolicy() {
    if (policy == null) {
      policy = mailbox.remoteContent(user.id()).name();
    }
    return policy;
  }

  public void setPolicy(String policy) {
    this.policy = policy;
  }

  public void save() {
    RemoteContent chosen;
    try {
      chosen = RemoteContent.valueOf(policy == null ? "" : policy);
    } catch (IllegalArgumentException e) {
      Messages.fieldError("remote", "policy", "Choose one of the three.");
      return;
    }
    try {
      mailbox.saveRemoteContent(user.id(), chosen);
      Messages.info("Your remote content setting is saved.");
      Navigation.redirect("/settings/");
    } catch (ValidationException e) {
      Messages.fieldErrors("remote", e.fieldErrors(), java.util.Map.of("remoteContent", "policy"));
    }
  }
}
