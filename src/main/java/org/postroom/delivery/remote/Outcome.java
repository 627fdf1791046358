package org.postroom.delivery.remote;

/**
 * What one attempt means for a recipient: taken, worth another try, or never going to work. The
 * rule is the reply code's first digit (RFC 5321 4.2.1); anything that is no reply at all (a
 * connection refused or lost, a timeout, a DNS failure) is temporary.
 */
public enum Outcome {
  DELIVERED,
  TEMPORARY,
  PERMANENT;

  public static Outcome of(int code) {
    if (code >= 200 && code < 300) {
      return DELIVERED;
    }
    if (code >= 500 && code < 600) {
      return PERMANENT;
    }
    return TEMPORARY;
  }
}
