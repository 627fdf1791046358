package org.postroom.core;

/** The signed-in caller may not do this (for example a user calling an admin operation). */
public class ForbiddenException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ForbiddenException(String message) {
    super(message);
  }
}
