package org.postroom.web.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import java.util.Set;

/**
 * Security headers on every response: a strict Content-Security-Policy (no inline script, nothing
 * from other origins), no framing, no sniffing, no referrer, no caching of signed-in pages, and
 * HSTS on HTTPS. Responses that need a different policy (sanitised mail in a sandboxed frame) set
 * their own before this filter's defaults would apply.
 *
 * <p>It also refuses a state-changing request (anything but GET, HEAD, OPTIONS) that a browser says
 * came from another site ({@code Sec-Fetch-Site: cross-site} or {@code same-site}) or whose {@code
 * Origin} is not this host, with 403 before any page or resource sees it: a second wall behind the
 * Faces and form CSRF tokens. Requests without either header (scripts, old browsers) pass to the
 * token checks as before.
 */
@WebFilter(urlPatterns = "/*", asyncSupported = true)
public class SecurityHeadersFilter extends HttpFilter {
  private static final long serialVersionUID = 1L;

  public static final String DEFAULT_CSP =
      "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:;"
          + " font-src 'self'; connect-src 'self'; frame-src 'self'; object-src 'none';"
          + " base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

  /** The same policy for a page shown in the list's reading pane: framed by our own pages only. */
  public static final String PANE_CSP =
      DEFAULT_CSP.replace("frame-ancestors 'none'", "frame-ancestors 'self'");

  /** One year; the host only (another host of the domain may still be plain HTTP). */
  public static final String HSTS = "max-age=31536000";

  private static final Set<String> SAFE_METHODS = Set.of("GET", "HEAD", "OPTIONS", "TRACE");

  @Override
  protected void doFilter(HttpServletRequest req, HttpServletResponse res, FilterChain chain)
      throws IOException, ServletException {
    boolean pane = inPane(req);
    if (req.isSecure()) {
      res.setHeader("Strict-Transport-Security", HSTS);
    }
    res.setHeader("Content-Security-Policy", pane ? PANE_CSP : DEFAULT_CSP);
    res.setHeader("X-Content-Type-Options", "nosniff");
    res.setHeader("Referrer-Policy", "no-referrer");
    res.setHeader("X-Frame-Options", pane ? "SAMEORIGIN" : "DENY");
    res.setHeader("Cross-Origin-Opener-Policy", "same-origin");
    if (!req.getRequestURI().contains("/jakarta.faces.resource/")) {
      res.setHeader("Cache-Control", "no-store");
    }
    String refused =
        crossSiteRefusal(
            req.getMethod(),
            req.getHeader("Sec-Fetch-Site"),
            req.getHeader("Origin"),
            req.getHeader("Host"));
    if (refused != null) {
      res.setStatus(HttpServletResponse.SC_FORBIDDEN);
      res.setContentType("text/plain;charset=UTF-8");
      res.getWriter()
          .write(
              "Refused: " + refused + ". Open Postroom's own page and send the form from there.\n");
      return;
    }
    chain.doFilter(req, res);
  }

  /**
   * Why a request must be refused as coming from another site, or null to let it through. Only
   * state-changing methods are checked; {@code Sec-Fetch-Site} decides where a browser sent it,
   * else {@code Origin} must name the host the request was sent to ({@code Host}, which a reverse
   * proxy passes on unchanged); {@code Origin: null} (a sandboxed frame, a redirect across sites)
   * is refused.
   */
  static String crossSiteRefusal(String method, String fetchSite, String origin, String host) {
    if (method == null || SAFE_METHODS.contains(method.toUpperCase(Locale.ROOT))) {
      return null;
    }
    if (fetchSite != null) {
      String site = fetchSite.strip().toLowerCase(Locale.ROOT);
      if (site.equals("cross-site") || site.equals("same-site")) {
        return "the request came from another site (Sec-Fetch-Site: " + site + ")";
      }
      if (site.equals("same-origin") || site.equals("none")) {
        return null;
      }
    }
    if (origin == null) {
      return null;
    }
    if (host == null || !sameAuthority(origin.strip(), host.strip())) {
      return "the request came from another site (Origin: " + origin.strip() + ")";
    }
    return null;
  }

  /** {@code https://mail.example.org} and Host {@code mail.example.org} (ports compared too). */
  private static boolean sameAuthority(String origin, String host) {
    try {
      URI o = new URI(origin);
      if (o.getHost() == null || o.getScheme() == null) {
        return false;
      }
      int defaultPort = o.getScheme().equalsIgnoreCase("https") ? 443 : 80;
      int port = o.getPort() == -1 ? defaultPort : o.getPort();
      URI h = new URI(o.getScheme() + "://" + host);
      int hostPort = h.getPort() == -1 ? defaultPort : h.getPort();
      return o.getHost().equalsIgnoreCase(h.getHost()) && port == hostPort;
    } catch (URISyntaxException e) {
      return false;
    }
  }

  /**
   * A message page asked for the reading pane ({@code pane=1}, read from the query string so a
   * request body is never parsed here), or the pane's empty page.
   */
  static boolean inPane(HttpServletRequest req) {
    if (req.getRequestURI().endsWith("/mail/empty-pane.xhtml")) {
      return true;
    }
    String q = req.getQueryString();
    return q != null && ("&" + q + "&").contains("&pane=1&");
  }
}
