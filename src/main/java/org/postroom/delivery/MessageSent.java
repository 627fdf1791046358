package org.postroom.delivery;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.InternetHeaders;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.postroom.core.EmailAddress;
import org.postroom.core.RawMessage;

/**
 * Fired (CDI event) after a message from the webmail or from a mail program's authenticated
 * submission has been sent: committed to the recipients' mailboxes and the relay queue. The address
 * book observes it to remember the recipients, with the names the message gave them ("Ann Lee
 * &lt;ann@example.org&gt;").
 */
public record MessageSent(long accountId, List<String> recipients) {
  public MessageSent {
    recipients = List.copyOf(recipients);
  }

  /**
   * The envelope's recipients, each with the display name the message's To, Cc or Bcc header gave
   * that address (RFC 2047 decoded), or bare when it gave none. A header that does not parse leaves
   * the addresses bare: the names are a courtesy, the envelope is what was sent.
   */
  public static MessageSent named(long accountId, List<EmailAddress> envelope, RawMessage message) {
    Map<String, String> names = new HashMap<>();
    try (InputStream in = message.open()) {
      InternetHeaders h = new InternetHeaders(in); // reads up to the blank line only
      for (String field : List.of("To", "Cc", "Bcc")) {
        String[] values = h.getHeader(field);
        if (values == null) {
          continue;
        }
        for (String v : values) {
          try {
            for (InternetAddress a : InternetAddress.parseHeader(v, false)) {
              if (a.getAddress() != null && a.getPersonal() != null && !a.getPersonal().isBlank()) {
                names.putIfAbsent(a.getAddress().toLowerCase(Locale.ROOT), a.getPersonal().strip());
              }
            }
          } catch (AddressException e) {
            // this field gives no names
          }
        }
      }
    } catch (IOException | MessagingException e) {
      // no names at all
    }
    List<String> out = new ArrayList<>();
    for (EmailAddress r : envelope) {
      String name = names.get(r.toString().toLowerCase(Locale.ROOT));
      if (name == null) {
        out.add(r.toString());
      } else {
        try {
          out.add(new InternetAddress(r.toString(), name, "UTF-8").toUnicodeString());
        } catch (java.io.UnsupportedEncodingException e) {
          out.add(r.toString());
        }
      }
    }
    return new MessageSent(accountId, out);
  }
}
