package org.postroom.core;

import java.io.Serializable;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;
import org.postroom.config.Settings;

/**
 * A mailbox address {@code local@domain}: a dot-atom local part (no quoting, no routing syntax) and
 * a domain name. Validated once at the edge; comparisons ignore case. Anything else (quoted local
 * parts, source routes, {@code %} or {@code !} routing, IP literals) is not an address Postroom
 * delivers to or creates: {@code !} is legal atext but only ever used for UUCP-style routing.
 */
public final class EmailAddress implements Serializable, Comparable<EmailAddress> {
  private static final long serialVersionUID = 1L;
  private static final Pattern ATOM = Pattern.compile("[A-Za-z0-9#$&'*+/=?^_`{|}~-]+");

  private final String localPart;
  private final String domain;

  private EmailAddress(String localPart, String domain) {
    this.localPart = localPart;
    this.domain = domain;
  }

  /**
   * Parses and checks an address.
   *
   * @throws IllegalArgumentException with a message fit for a form field
   */
  public static EmailAddress of(String text) {
    if (text == null || text.isBlank()) {
      throw new IllegalArgumentException("Enter an email address.");
    }
    String t = text.trim();
    int at = t.lastIndexOf('@');
    if (at <= 0 || at == t.length() - 1) {
      throw new IllegalArgumentException("An address looks like name@example.org.");
    }
    String local = t.substring(0, at);
    String domain = t.substring(at + 1).toLowerCase(Locale.ROOT);
    if (!isLocalPart(local)) {
      throw new IllegalArgumentException(
          "The part before @ may hold letters, digits, dots and # $ & ' * + / = ? ^ _ ` { | } ~ -"
              + " (no %, !, spaces or quotes).");
    }
    if (!Settings.isDomainName(domain)) {
      throw new IllegalArgumentException("'" + domain + "' is not a domain name.");
    }
    return new EmailAddress(local, domain);
  }

  /** Like {@link #of} but empty instead of an exception. */
  public static Optional<EmailAddress> parse(String text) {
    try {
      return Optional.of(of(text));
    } catch (IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /** A dot-atom of at most 64 characters. */
  public static boolean isLocalPart(String local) {
    if (local.isEmpty() || local.length() > 64) {
      return false;
    }
    for (String atom : local.split("\\.", -1)) {
      if (!ATOM.matcher(atom).matches()) {
        return false;
      }
    }
    return true;
  }

  public String localPart() {
    return localPart;
  }

  public String domain() {
    return domain;
  }

  /** The lower-case form used as a key in the store. */
  public String canonical() {
    return (localPart + "@" + domain).toLowerCase(Locale.ROOT);
  }

  public boolean isIn(String otherDomain) {
    return domain.equalsIgnoreCase(otherDomain);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof EmailAddress e && e.canonical().equals(canonical());
  }

  @Override
  public int hashCode() {
    return canonical().hashCode();
  }

  @Override
  public int compareTo(EmailAddress o) {
    return canonical().compareTo(o.canonical());
  }

  @Override
  public String toString() {
    return localPart + "@" + domain;
  }
}
