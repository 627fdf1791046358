package org.postroom.web;

import jakarta.faces.context.ExternalContext;
import jakarta.faces.context.FacesContext;
import java.io.IOException;
import java.io.UncheckedIOException;

/** Redirects within the application (POST-redirect-GET after every action). */
public final class Navigation {
  private Navigation() {}

  public static void redirect(String pathAndQuery) {
    FacesContext fc = FacesContext.getCurrentInstance();
    ExternalContext ec = fc.getExternalContext();
    try {
      ec.redirect(ec.getRequestContextPath() + pathAndQuery);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    fc.responseComplete();
  }

  /** A local path to return to after sign-in; anything else (other hosts, schemes) is ignored. */
  public static String safeLocalPath(String next, String fallback) {
    if (next == null
        || !next.startsWith("/")
        || next.startsWith("//")
        || next.contains("\\")
        || next.chars().anyMatch(c -> c < 0x20)
        || next.startsWith("/login")
        || next.startsWith("/setup")) {
      return fallback;
    }
    return next;
  }
}
