package org.postroom.web;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.AbstractMap;
import java.util.Locale;
import java.util.Set;

/**
 * The pages' texts in the user's language: {@code #{t['mail.archive']}}, and with values filled in
 * {@code #{texts.f('mail.moved', n)}} (the bean {@code texts}). See {@link I18n}.
 */
@Named("t")
@RequestScoped
public class Texts extends AbstractMap<String, String> {
  @Inject UserLocale locale;

  @Override
  public String get(Object key) {
    return I18n.text(locale.getLocale(), String.valueOf(key));
  }

  @Override
  public boolean containsKey(Object key) {
    return true;
  }

  @Override
  public Set<Entry<String, String>> entrySet() {
    return Set.of();
  }

  public Locale locale() {
    return locale.getLocale();
  }
}
