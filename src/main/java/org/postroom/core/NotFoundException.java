package org.postroom.core;

/** The thing asked for does not exist, or belongs to someone else (the caller cannot tell). */
public class NotFoundException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public NotFoundException(String message) {
    super(message);
  }
}
