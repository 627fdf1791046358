package org.postroom.web;

import jakarta.faces.context.FacesContext;
import jakarta.faces.view.ViewScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.servlet.http.HttpServletRequest;
import java.io.Serializable;
import org.postroom.account.DomainSetup;
import org.postroom.core.ConflictException;
import org.postroom.core.ValidationException;
import org.postroom.runtime.ServerSettings;

/**
 * The one-time setup page: domain and the postmaster's password. Only while no admin exists, and
 * only from loopback or with the token printed on the console.
 */
@Named
@ViewScoped
public class SetupBean implements Serializable {
  private static final long serialVersionUID = 1L;
  static final String FORM = "setup";

  @Inject DomainSetup setup;
  @Inject ServerSettings settings;

  private String token;
  private String domain;
  private String password;
  private String confirm;
  private boolean allowed;

  public void onLoad() {
    if (!setup.needsSetup()) {
      Navigation.redirect("/login.xhtml");
      return;
    }
    allowed = isLoopback() || setup.tokenMatches(token);
    if (domain == null) {
      domain = settings.domain().orElse("");
    }
  }

  public void complete() {
    if (!(isLoopback() || setup.tokenMatches(token))) {
      Messages.error("Open this page from the server itself, or with the token from its console.");
      return;
    }
    if (password != null && !password.equals(confirm)) {
      Messages.fieldError(FORM, "confirm", "The two passwords differ.");
      return;
    }
    try {
      setup.complete(domain, password);
    } catch (ValidationException e) {
      Messages.fieldErrors(FORM, e);
      return;
    } catch (ConflictException e) {
      Navigation.redirect("/login.xhtml");
      return;
    }
    Messages.info(
        "Postroom is set up. Sign in as postmaster@" + settings.domain().orElse("") + ".");
    Navigation.redirect("/login.xhtml");
  }

  /**
   * A request from this machine that did not pass through a proxy. A reverse proxy on the same host
   * makes every visitor look local, so any forwarding header means "not local".
   */
  private static boolean isLoopback() {
    HttpServletRequest req =
        (HttpServletRequest) FacesContext.getCurrentInstance().getExternalContext().getRequest();
    if (req.getHeader("Forwarded") != null
        || req.getHeader("X-Forwarded-For") != null
        || req.getHeader("X-Real-IP") != null) {
      return false;
    }
    String a = req.getRemoteAddr();
    return a.startsWith("127.") || a.equals("::1") || a.equals("0:0:0:0:0:0:0:1");
  }

  public boolean isAllowed() {
    return allowed;
  }

  public boolean isDomainFixed() {
    return setup.isDomainFixedByEnvironment();
  }

  public String getToken() {
    return token;
  }

  public void setToken(String token) {
    this.token = token;
  }

  public String getDomain() {
    return domain;
  }

  public void setDomain(String domain) {
    this.domain = domain;
  }

  public String getPassword() {
    return password;
  }

  public void setPassword(String password) {
    this.password = password;
  }

  public String getConfirm() {
    return confirm;
  }

  public void setConfirm(String confirm) {
    this.confirm = confirm;
  }
}
