package org.postroom.web.security;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * Security headers on every response: a strict Content-Security-Policy (no inline script, nothing
 * from other origins), no framing, no sniffing, no referrer, and no caching of signed-in pages.
 * Responses that need a different policy (sanitised mail in a sandboxed frame) set their own before
 * this filter's defaults would apply.
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

  @Override
  protected void doFilter(HttpServletRequest req, HttpServletResponse res, FilterChain chain)
      throws IOException, ServletException {
    boolean pane = inPane(req);
    res.setHeader("Content-Security-Policy", pane ? PANE_CSP : DEFAULT_CSP);
    res.setHeader("X-Content-Type-Options", "nosniff");
    res.setHeader("Referrer-Policy", "no-referrer");
    res.setHeader("X-Frame-Options", pane ? "SAMEORIGIN" : "DENY");
    res.setHeader("Cross-Origin-Opener-Policy", "same-origin");
    if (!req.getRequestURI().contains("/jakarta.faces.resource/")) {
      res.setHeader("Cache-Control", "no-store");
    }
    chain.doFilter(req, res);
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
