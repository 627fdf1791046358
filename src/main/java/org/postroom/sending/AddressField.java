package org.postroom.sending;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.io.UnsupportedEncodingException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.postroom.core.EmailAddress;

/**
 * A To, Cc or Bcc field as the user typed it ({@code Ann <ann@example.org>, bob@example.org}):
 * parsed into addresses Postroom can deliver to, or a message fit to show next to the field.
 */
public final class AddressField {
  private AddressField() {}

  /** The parsed addresses, or the reason they are not. */
  public record Parsed(List<InternetAddress> addresses, String error) {
    public boolean ok() {
      return error == null;
    }
  }

  public static Parsed parse(String text) {
    String t = text == null ? "" : text.strip();
    if (t.indexOf('\r') >= 0 || t.indexOf('\n') >= 0) {
      return new Parsed(List.of(), "Line breaks are not allowed in an address field.");
    }
    if (t.isEmpty()) {
      return new Parsed(List.of(), null);
    }
    InternetAddress[] parsed;
    try {
      parsed = InternetAddress.parseHeader(t.replaceAll("[,;\\s]+$", ""), false);
    } catch (AddressException e) {
      return new Parsed(List.of(), "'" + t + "' is not a list of addresses (name@example.org, …).");
    }
    List<InternetAddress> out = new ArrayList<>();
    Set<String> seen = new LinkedHashSet<>();
    for (InternetAddress a : parsed) {
      if (a.isGroup() || a.getAddress() == null) {
        return new Parsed(List.of(), "Groups are not supported; list the addresses.");
      }
      String raw = a.getAddress().strip();
      EmailAddress checked;
      try {
        checked = EmailAddress.of(raw);
      } catch (IllegalArgumentException e) {
        return new Parsed(List.of(), "'" + raw + "' is not a valid address. " + e.getMessage());
      }
      if (seen.add(checked.canonical())) {
        out.add(address(checked.toString(), a.getPersonal()));
      }
    }
    return new Parsed(out, null);
  }

  /** An address with a display name (RFC 2047-encoded in UTF-8 when it is not ASCII). */
  public static InternetAddress address(String address, String name) {
    try {
      InternetAddress a = new InternetAddress();
      a.setAddress(address);
      if (name != null && !name.isBlank()) {
        a.setPersonal(name.strip(), "UTF-8");
      }
      return a;
    } catch (UnsupportedEncodingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The field as a user would type it again ("Ann <ann@example.org>, bob@example.org"). */
  public static String format(List<InternetAddress> list) {
    List<String> parts = new ArrayList<>();
    for (InternetAddress a : list) {
      parts.add(a.toUnicodeString());
    }
    return String.join(", ", parts);
  }
}
