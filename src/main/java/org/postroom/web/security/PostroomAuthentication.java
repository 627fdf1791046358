package org.postroom.web.security;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.AuthenticationStatus;
import jakarta.security.enterprise.authentication.mechanism.http.HttpAuthenticationMechanism;
import jakarta.security.enterprise.authentication.mechanism.http.HttpMessageContext;
import jakarta.security.enterprise.credential.Credential;
import jakarta.security.enterprise.credential.UsernamePasswordCredential;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Optional;
import org.postroom.account.Account;
import org.postroom.account.AccountService;
import org.postroom.account.ApiTokens;
import org.postroom.account.SignIn;

/**
 * The one authentication mechanism (Jakarta Security allows one per application): an API token
 * ({@code Bearer}) or HTTP Basic for {@code /api/}, a session for everything else. The web session
 * holds only a {@link SessionUser}; each request re-checks that the account is still enabled and
 * has the same role, so disabling or demoting an account ends its sessions at once.
 */
@ApplicationScoped
public class PostroomAuthentication implements HttpAuthenticationMechanism {
  /** Request attribute with the {@link SignIn.Result} of a failed form sign-in. */
  public static final String FAILED_SIGN_IN = "postroom.signin.result";

  @Inject SignIn signIn;
  @Inject AccountService accounts;
  @Inject ApiTokens apiTokens;

  @Override
  public AuthenticationStatus validateRequest(
      HttpServletRequest req, HttpServletResponse res, HttpMessageContext ctx) {
    String path = req.getRequestURI().substring(req.getContextPath().length());
    if (path.startsWith("/api/")) {
      return basic(req, res, ctx);
    }
    if (ctx.isAuthenticationRequest()) {
      return formSignIn(req, ctx);
    }
    Optional<SessionUser> user = sessionUser(req);
    if (user.isPresent()) {
      return ctx.notifyContainerAboutLogin(user.get().address(), user.get().groups());
    }
    if (ctx.isProtected()) {
      String target = path + (req.getQueryString() == null ? "" : "?" + req.getQueryString());
      return ctx.redirect(
          req.getContextPath()
              + "/login.xhtml?next="
              + URLEncoder.encode(target, StandardCharsets.UTF_8));
    }
    return ctx.doNothing();
  }

  @Override
  public void cleanSubject(
      HttpServletRequest req, HttpServletResponse res, HttpMessageContext ctx) {
    HttpSession s = req.getSession(false);
    if (s != null) {
      s.removeAttribute(SessionUser.ATTRIBUTE);
    }
  }

  private AuthenticationStatus formSignIn(HttpServletRequest req, HttpMessageContext ctx) {
    Credential credential = ctx.getAuthParameters().getCredential();
    if (!(credential instanceof UsernamePasswordCredential up)) {
      return AuthenticationStatus.SEND_FAILURE;
    }
    SignIn.Result r =
        signIn.check("web", req.getRemoteAddr(), up.getCaller(), up.getPasswordAsString());
    if (!r.ok()) {
      req.setAttribute(FAILED_SIGN_IN, r);
      return AuthenticationStatus.SEND_FAILURE;
    }
    Account a = r.account();
    HttpSession session = req.getSession(true);
    req.changeSessionId(); // a new session id at sign-in: no session fixation
    SessionUser u = new SessionUser(a.id(), a.address().canonical(), a.role());
    session.setAttribute(SessionUser.ATTRIBUTE, u);
    return ctx.notifyContainerAboutLogin(u.address(), u.groups());
  }

  private Optional<SessionUser> sessionUser(HttpServletRequest req) {
    HttpSession s = req.getSession(false);
    if (s == null || !(s.getAttribute(SessionUser.ATTRIBUTE) instanceof SessionUser u)) {
      return Optional.empty();
    }
    Optional<Account> now = accounts.byId(u.accountId());
    if (now.isEmpty() || !now.get().enabled() || now.get().role() != u.role()) {
      s.invalidate();
      return Optional.empty();
    }
    return Optional.of(u);
  }

  private AuthenticationStatus basic(
      HttpServletRequest req, HttpServletResponse res, HttpMessageContext ctx) {
    String header = req.getHeader("Authorization");
    if (header != null && header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      Optional<Account> a =
          apiTokens.authenticate(req.getRemoteAddr(), header.substring(7).strip());
      if (a.isEmpty()) {
        return challenge(res, ctx);
      }
      return ctx.notifyContainerAboutLogin(a.get().address().canonical(), a.get().role().groups());
    }
    if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
      return ctx.isProtected() ? challenge(res, ctx) : ctx.doNothing();
    }
    String decoded;
    try {
      decoded =
          new String(
              Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return challenge(res, ctx);
    }
    int colon = decoded.indexOf(':');
    if (colon < 0) {
      return challenge(res, ctx);
    }
    SignIn.Result r =
        signIn.check(
            "api", req.getRemoteAddr(), decoded.substring(0, colon), decoded.substring(colon + 1));
    if (r.outcome() == SignIn.Outcome.THROTTLED) {
      res.setHeader("Retry-After", String.valueOf(SignIn.WINDOW.toSeconds()));
      try {
        res.sendError(429, "Too many failed sign-ins; try again later.");
      } catch (java.io.IOException e) {
        // the client went away
      }
      return AuthenticationStatus.SEND_FAILURE;
    }
    if (!r.ok()) {
      return challenge(res, ctx);
    }
    return ctx.notifyContainerAboutLogin(
        r.account().address().canonical(), r.account().role().groups());
  }

  private static AuthenticationStatus challenge(HttpServletResponse res, HttpMessageContext ctx) {
    res.setHeader("WWW-Authenticate", "Basic realm=\"Postroom\", charset=\"UTF-8\"");
    res.addHeader("WWW-Authenticate", "Bearer realm=\"Postroom\"");
    return ctx.responseUnauthorized();
  }
}
