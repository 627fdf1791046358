package org.postroom.web;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;

/** Texts with values for pages: {@code #{texts.f('mail.moved', n)}}. See {@link I18n}. */
@Named("texts")
@RequestScoped
public class TextFormat {
  @Inject UserLocale locale;

  public String f(String key, Object a) {
    return I18n.format(locale.getLocale(), key, a);
  }

  public String f(String key, Object a, Object b) {
    return I18n.format(locale.getLocale(), key, a, b);
  }

  public String f(String key, Object a, Object b, Object c) {
    return I18n.format(locale.getLocale(), key, a, b, c);
  }

  /** A sentence a service said, in the user's language. */
  public String sentence(String english) {
    return I18n.sentence(locale.getLocale(), english);
  }
}
