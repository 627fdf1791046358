package org.postroom.core;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** Input that breaks a rule; each message belongs next to the named field. */
public class ValidationException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final Map<String, String> fieldErrors;

  public ValidationException(Map<String, String> fieldErrors) {
    super(fieldErrors.toString());
    this.fieldErrors = Collections.unmodifiableMap(new LinkedHashMap<>(fieldErrors));
  }

  public static ValidationException of(String field, String message) {
    return new ValidationException(Map.of(field, message));
  }

  public Map<String, String> fieldErrors() {
    return fieldErrors;
  }

  /** Collects field errors and throws them together. */
  public static final class Collector {
    private final Map<String, String> errors = new LinkedHashMap<>();

    public Collector add(String field, String message) {
      errors.putIfAbsent(field, message);
      return this;
    }

    public boolean has(String field) {
      return errors.containsKey(field);
    }

    public void throwIfAny() {
      if (!errors.isEmpty()) {
        throw new ValidationException(errors);
      }
    }
  }
}
