package org.postroom.web.security;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import org.postroom.core.ForbiddenException;

/** The signed-in web user of this request; every mailbox query is scoped by {@link #id()}. */
@Named
@RequestScoped
public class CurrentUser {
  @Inject HttpServletRequest request;

  private SessionUser user;

  public boolean isSignedIn() {
    return session() != null;
  }

  public long id() {
    return require().accountId();
  }

  public String address() {
    return require().address();
  }

  /** For pages: {@code #{currentUser.address}}. */
  public String getAddress() {
    SessionUser u = session();
    return u == null ? "" : u.address();
  }

  public boolean isAdmin() {
    SessionUser u = session();
    return u != null && u.role() == org.postroom.account.Role.ADMIN;
  }

  private SessionUser require() {
    SessionUser u = session();
    if (u == null) {
      throw new ForbiddenException("Not signed in.");
    }
    return u;
  }

  private SessionUser session() {
    if (user == null) {
      HttpSession s = request.getSession(false);
      if (s != null && s.getAttribute(SessionUser.ATTRIBUTE) instanceof SessionUser u) {
        user = u;
      }
    }
    return user;
  }
}
