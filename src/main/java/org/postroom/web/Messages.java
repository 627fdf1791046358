package org.postroom.web;

import jakarta.enterprise.inject.spi.CDI;
import jakarta.faces.application.FacesMessage;
import jakarta.faces.context.FacesContext;
import java.util.Map;
import org.postroom.core.ConflictException;
import org.postroom.core.ValidationException;

/**
 * The one way backing beans report to the user: errors next to the field they belong to ({@code
 * h:message for="field"}), everything else at the top of the page. Texts are written in English
 * where the rule lives and shown in the user's language ({@link I18n#sentence}).
 */
public final class Messages {
  private Messages() {}

  static String translate(String english) {
    try {
      return I18n.sentence(CDI.current().select(UserLocale.class).get().getLocale(), english);
    } catch (RuntimeException e) {
      return english; // outside a request (tests): as written
    }
  }

  public static void info(String text) {
    FacesContext fc = FacesContext.getCurrentInstance();
    fc.addMessage(null, new FacesMessage(FacesMessage.SEVERITY_INFO, translate(text), null));
    fc.getExternalContext().getFlash().setKeepMessages(true);
  }

  /** A notice in a language other than the request's (the one the user just chose). */
  public static void info(java.util.Locale locale, String text) {
    FacesContext fc = FacesContext.getCurrentInstance();
    fc.addMessage(
        null, new FacesMessage(FacesMessage.SEVERITY_INFO, I18n.sentence(locale, text), null));
    fc.getExternalContext().getFlash().setKeepMessages(true);
  }

  public static void error(String text) {
    FacesContext.getCurrentInstance()
        .addMessage(null, new FacesMessage(FacesMessage.SEVERITY_ERROR, translate(text), null));
  }

  /** An error next to {@code formId:field}. */
  public static void fieldError(String formId, String field, String text) {
    FacesContext.getCurrentInstance()
        .addMessage(
            formId + ":" + field,
            new FacesMessage(FacesMessage.SEVERITY_ERROR, translate(text), null));
    FacesContext.getCurrentInstance().validationFailed();
  }

  public static void fieldErrors(String formId, ValidationException e) {
    fieldErrors(formId, e.fieldErrors(), Map.of());
  }

  /** Maps service field names to component ids where they differ. */
  public static void fieldErrors(
      String formId, Map<String, String> errors, Map<String, String> idsByField) {
    errors.forEach((f, m) -> fieldError(formId, idsByField.getOrDefault(f, f), m));
  }

  public static void conflict(String formId, ConflictException e) {
    fieldError(formId, e.field(), e.getMessage());
  }
}
