package org.postroom.web;

import jakarta.enterprise.context.RequestScoped;
import jakarta.faces.context.ExternalContext;
import jakarta.faces.context.FacesContext;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.SecurityContext;
import jakarta.security.enterprise.authentication.mechanism.http.AuthenticationParameters;
import jakarta.security.enterprise.credential.Password;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.postroom.account.DomainSetup;
import org.postroom.account.SignIn;
import org.postroom.web.security.CurrentUser;
import org.postroom.web.security.PostroomAuthentication;

/** The sign-in form. */
@Named
@RequestScoped
public class LoginBean {
  static final String FORM = "login";

  @Inject SecurityContext securityContext;
  @Inject CurrentUser currentUser;
  @Inject DomainSetup setup;

  private String address;
  private String password;
  private String next;

  /** Already signed in, or nobody can sign in yet: go where it makes sense. */
  public void onLoad() {
    if (currentUser.isSignedIn()) {
      Navigation.redirect(Navigation.safeLocalPath(next, "/mail/"));
    } else if (setup.needsSetup()) {
      Navigation.redirect("/setup.xhtml");
    }
  }

  public void signIn() {
    FacesContext fc = FacesContext.getCurrentInstance();
    ExternalContext ec = fc.getExternalContext();
    HttpServletRequest req = (HttpServletRequest) ec.getRequest();
    HttpServletResponse res = (HttpServletResponse) ec.getResponse();
    AuthenticationStatus status =
        securityContext.authenticate(
            req,
            res,
            AuthenticationParameters.withParams()
                .newAuthentication(true)
                .credential(
                    new UsernamePasswordCredential(
                        address == null ? "" : address,
                        new Password(password == null ? "" : password))));
    if (status == AuthenticationStatus.SUCCESS) {
      Navigation.redirect(Navigation.safeLocalPath(next, "/mail/"));
      return;
    }
    if (status == AuthenticationStatus.SEND_CONTINUE) {
      fc.responseComplete();
      return;
    }
    password = null;
    Object r = req.getAttribute(PostroomAuthentication.FAILED_SIGN_IN);
    if (r instanceof SignIn.Result result && result.outcome() == SignIn.Outcome.THROTTLED) {
      Messages.fieldError(
          FORM, "password", "Too many failed sign-ins. Wait 15 minutes, then try again.");
    } else {
      Messages.fieldError(FORM, "password", "Wrong address or password.");
    }
  }

  public String getAddress() {
    return address;
  }

  public void setAddress(String address) {
    this.address = address;
  }

  public String getPassword() {
    return password;
  }

  public void setPassword(String password) {
    this.password = password;
  }

  public String getNext() {
    return next;
  }

  public void setNext(String next) {
    this.next = next;
  }
}
