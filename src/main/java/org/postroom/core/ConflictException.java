package org.postroom.core;

/** The request clashes with what exists (a duplicate address, a rule that protects a record). */
public class ConflictException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final String field;

  public ConflictException(String field, String message) {
    super(message);
    this.field = field;
  }

  /** The form field the conflict belongs to. */
  public String field() {
    return field;
  }
}
