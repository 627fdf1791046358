package org.postroom.web;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import org.postroom.account.DomainSetup;
import org.postroom.web.security.CurrentUser;

/** "/" goes to the mailbox, the sign-in page, or first-run setup. */
@Named
@RequestScoped
public class IndexBean {
  @Inject CurrentUser user;
  @Inject DomainSetup setup;

  public void route() {
    if (user.isSignedIn()) {
      Navigation.redirect("/mail/");
    } else if (setup.needsSetup()) {
      Navigation.redirect("/setup.xhtml");
    } else {
      Navigation.redirect("/login.xhtml");
    }
  }
}
