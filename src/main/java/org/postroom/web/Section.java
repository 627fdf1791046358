package org.postroom.web;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.servlet.http.HttpServletRequest;

/**
 * Which part of the site a page belongs to, so the menus mark it ({@code aria-current}): {@code
 * #{section.is('contacts')}}, {@code #{section.page('/admin/users.xhtml')}}.
 */
@Named
@RequestScoped
public class Section {
  @Inject HttpServletRequest request;

  private String path() {
    String uri = request.getRequestURI();
    return uri.substring(Math.min(uri.length(), request.getContextPath().length()));
  }

  /** The top menu's part: mail, contacts, settings or admin. */
  public String getCurrent() {
    String p = path();
    if (p.startsWith("/mail/contacts")) {
      return "contacts";
    }
    if (p.startsWith("/mail/")) {
      return "mail";
    }
    if (p.startsWith("/settings/")) {
      return "settings";
    }
    if (p.startsWith("/admin/")) {
      return "admin";
    }
    return "";
  }

  /** "page" when this is the current part (for aria-current), else null (no attribute). */
  public String is(String part) {
    return part.equals(getCurrent()) ? "page" : null;
  }

  /** "page" when this is the page, else null. */
  public String page(String path) {
    return path().startsWith(path) ? "page" : null;
  }
}
