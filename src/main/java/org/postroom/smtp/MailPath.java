package org.postroom.smtp;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.postroom.core.DeliveryException;
import org.postroom.core.EmailAddress;
import org.postroom.core.SmtpStatus;

/**
 * The argument of {@code MAIL FROM:} or {@code RCPT TO:}: the path between angle brackets and the
 * ESMTP parameters after it (RFC 5321 4.1.2). Parsing is strict about the brackets and lenient only
 * where real clients differ (a space after the colon). Whether the path is an address we accept is
 * decided by {@link #sender()} and {@link #recipient(String)}.
 *
 * @param path the text between the brackets, as sent
 * @param parameters keyword (upper case) to value (null for a bare keyword)
 */
public record MailPath(String path, Map<String, String> parameters) {
  /** The local part that RFC 5321 4.5.1 lets a client name without a domain. */
  static final String POSTMASTER = "postmaster";

  /**
   * Parses {@code FROM:<path> params} or {@code TO:<path> params}.
   *
   * @param argument the command line after the verb ({@code "FROM:<a@b> SIZE=10"})
   * @param keyword {@code "FROM:"} or {@code "TO:"}
   * @param syntaxError the reply when the line does not have that shape
   * @throws DeliveryException with {@code syntaxError}
   */
  public static MailPath parse(String argument, String keyword, SmtpStatus syntaxError) {
    String a = argument.strip();
    if (!a.regionMatches(true, 0, keyword, 0, keyword.length())) {
      throw new DeliveryException(syntaxError);
    }
    int i = keyword.length();
    while (i < a.length() && a.charAt(i) == ' ') {
      i++;
    }
    if (i >= a.length() || a.charAt(i) != '<') {
      throw new DeliveryException(syntaxError);
    }
    int end = closingBracket(a, i + 1);
    if (end < 0) {
      throw new DeliveryException(syntaxError);
    }
    String path = a.substring(i + 1, end);
    String rest = a.substring(end + 1);
    if (!rest.isEmpty() && rest.charAt(0) != ' ') {
      throw new DeliveryException(syntaxError);
    }
    Map<String, String> params = new LinkedHashMap<>();
    for (String p : rest.strip().split(" +")) {
      if (p.isEmpty()) {
        continue;
      }
      int eq = p.indexOf('=');
      String name = (eq < 0 ? p : p.substring(0, eq)).toUpperCase(Locale.ROOT);
      if (name.isEmpty() || params.containsKey(name)) {
        throw new DeliveryException(syntaxError);
      }
      params.put(name, eq < 0 ? null : p.substring(eq + 1));
    }
    return new MailPath(path, params);
  }

  /** The index of the {@code >} that closes the path, skipping quoted strings; -1 if none. */
  private static int closingBracket(String s, int from) {
    boolean quoted = false;
    for (int i = from; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '\\' && i + 1 < s.length()) {
        i++;
      } else if (c == '"') {
        quoted = !quoted;
      } else if (c == '>' && !quoted) {
        return i;
      }
    }
    return -1;
  }

  /**
   * The reverse-path: empty for the null sender {@code <>} (bounces). A source route ({@code
   * <@relay:user@host>}) is ignored as RFC 5321 4.1.1.2 asks.
   *
   * @throws DeliveryException 553 when it is not an address we can reply to
   */
  public Optional<EmailAddress> sender() {
    if (path.isEmpty()) {
      return Optional.empty();
    }
    String p = path;
    if (p.startsWith("@")) {
      int colon = p.indexOf(':');
      if (colon < 0) {
        throw new DeliveryException(SmtpReplies.BAD_SENDER_SYNTAX);
      }
      p = p.substring(colon + 1);
    }
    checkCharacters(p, SmtpReplies.BAD_SENDER_SYNTAX);
    return Optional.of(
        EmailAddress.parse(p)
            .orElseThrow(() -> new DeliveryException(SmtpReplies.BAD_SENDER_SYNTAX)));
  }

  /**
   * The forward-path as an address, refusing every form of routing syntax before anyone looks the
   * address up: source routes, {@code %} and {@code !} routing, quoted local parts (which can hide
   * either), more than one {@code @}, IP literals, a trailing dot and unqualified names. Only the
   * bare {@code <postmaster>} of RFC 5321 4.5.1 is completed with our domain.
   *
   * @param ourDomain the domain {@code <postmaster>} belongs to (empty while not set up)
   * @throws DeliveryException 554 5.7.1 for routing syntax, 553 for other bad syntax
   */
  public EmailAddress recipient(String ourDomain) {
    String p = path;
    if (p.isEmpty()) {
      throw new DeliveryException(SmtpReplies.BAD_RECIPIENT_SYNTAX);
    }
    checkCharacters(p, SmtpReplies.BAD_RECIPIENT_SYNTAX);
    int at = p.indexOf('@');
    if (p.startsWith("@")
        || p.indexOf('"') >= 0
        || p.indexOf('%') >= 0
        || p.indexOf('!') >= 0
        || p.indexOf('\\') >= 0
        || p.indexOf('[') >= 0
        || p.indexOf(':') >= 0
        || p.endsWith(".")
        || (at >= 0 && at != p.lastIndexOf('@'))) {
      throw new DeliveryException(SmtpReplies.ROUTING_REFUSED);
    }
    if (at < 0) {
      if (p.equalsIgnoreCase(POSTMASTER) && !ourDomain.isEmpty()) {
        return EmailAddress.of(POSTMASTER + "@" + ourDomain);
      }
      throw new DeliveryException(SmtpReplies.ROUTING_REFUSED);
    }
    return EmailAddress.parse(p)
        .orElseThrow(() -> new DeliveryException(SmtpReplies.BAD_RECIPIENT_SYNTAX));
  }

  /** No SMTPUTF8 here, and no spaces or control characters inside a path. */
  private static void checkCharacters(String s, SmtpStatus syntaxError) {
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c > 0x7e) {
        throw new DeliveryException(c == 0x7f ? syntaxError : SmtpReplies.NON_ASCII_ADDRESS);
      }
      if (c < 0x21) {
        throw new DeliveryException(syntaxError);
      }
    }
  }
}
