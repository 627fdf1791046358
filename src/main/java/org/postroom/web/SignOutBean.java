package org.postroom.web;

import jakarta.enterprise.context.RequestScoped;
import jakarta.faces.context.FacesContext;
import jakarta.inject.Named;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;

/** Sign-out (a POST from every page's header): ends the session and its principal. */
@Named
@RequestScoped
public class SignOutBean {
  public void signOut() {
    HttpServletRequest req =
        (HttpServletRequest) FacesContext.getCurrentInstance().getExternalContext().getRequest();
    try {
      req.logout();
    } catch (ServletException e) {
      // the session is invalidated below either way
    }
    HttpSession s = req.getSession(false);
    if (s != null) {
      s.invalidate();
    }
    Navigation.redirect("/login.xhtml?signedOut=true");
  }
}
