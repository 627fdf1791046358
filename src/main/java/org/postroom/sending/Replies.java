package org.postroom.sending;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.postroom.core.EmailAddress;
import org.postroom.mime.HtmlSanitizer;
import org.postroom.mime.MailAddress;
import org.postroom.mime.ReadMessage;

/**
 * How a reply or forward starts: who it goes to (reply all leaves out the user's own addresses),
 * which of the user's addresses it comes from, the Re:/Fwd: subject and the quoted original under
 * "On &lt;date&gt;, &lt;name&gt; wrote:" with the signature above it.
 */
public final class Replies {
  private static final Pattern RE = Pattern.compile("(?i)^\\s*re\\s*:.*");
  private static final Pattern FWD = Pattern.compile("(?i)^\\s*(fwd?|fw)\\s*:.*");

  private Replies() {}

  /**
   * A reply to {@code original}.
   *
   * @param mine the user's own addresses (account and aliases); the first is the default From
   */
  public static Composition reply(
      ReadMessage original,
      long originId,
      boolean all,
      List<EmailAddress> mine,
      String signature,
      QuoteStyle style) {
    Map<String, MailAddress> to = new LinkedHashMap<>();
    Map<String, MailAddress> cc = new LinkedHashMap<>();
    Set<String> own = canonical(mine);
    boolean fromMe = original.from().stream().anyMatch(a -> own.contains(key(a)));
    List<MailAddress> primary =
        fromMe
            ? original.to()
            : (!original.replyTo().isEmpty() ? original.replyTo() : original.from());
    add(to, primary, Set.of());
    if (all) {
      if (!fromMe) {
        add(to, original.to(), own);
      }
      add(cc, original.cc(), own);
      to.keySet().forEach(cc::remove);
    }
    String subject = original.subject() == null ? "" : original.subject().strip();
    String body =
        "<div><br></div>"
            + signatureHtml(signature)
            + "<div>"
            + style.attribution(
                HtmlSanitizer.escape(style.when(original.sentAt())),
                HtmlSanitizer.escape(original.sender().label()))
            + "</div><blockquote>"
            + HtmlText.fromPlain(textOf(original))
            + "</blockquote>";
    return new Composition(
        from(original, mine),
        join(to),
        join(cc),
        "",
        RE.matcher(subject).matches() ? subject : "Re: " + subject,
        true,
        body,
        originId,
        all ? Composition.Origin.REPLY_ALL : Composition.Origin.REPLY);
  }

  /** A forward, inline (original headers and text quoted, attachments kept) or as attachment. */
  public static Composition forward(
      ReadMessage original,
      long originId,
      boolean asAttachment,
      List<EmailAddress> mine,
      String signature,
      QuoteStyle style) {
    String subject = original.subject() == null ? "" : original.subject().strip();
    StringBuilder body = new StringBuilder("<div><br></div>").append(signatureHtml(signature));
    if (!asAttachment) {
      body.append("<div>" + style.forwardedMarker() + "</div>")
          .append(line(style.header("From"), full(original.from())))
          .append(line(style.header("Date"), style.when(original.sentAt())))
          .append(line(style.header("Subject"), subject))
          .append(line(style.header("To"), full(original.to())));
      if (!original.cc().isEmpty()) {
        body.append(line(style.header("Cc"), full(original.cc())));
      }
      body.append("<div><br></div>").append(HtmlText.fromPlain(textOf(original)));
    }
    return new Composition(
        from(original, mine),
        "",
        "",
        "",
        FWD.matcher(subject).matches() ? subject : "Fwd: " + subject,
        true,
        body.toString(),
        originId,
        asAttachment ? Composition.Origin.FORWARD_ATTACHMENT : Composition.Origin.FORWARD);
  }

  /** A new message: empty, with the signature. */
  public static Composition fresh(List<EmailAddress> mine, String signature) {
    return new Composition(
        mine.isEmpty() ? "" : mine.get(0).toString(),
        "",
        "",
        "",
        "",
        true,
        "<div><br></div>" + signatureHtml(signature),
        null,
        null);
  }

  /** The signature as editor HTML, after the conventional "-- " line; empty when there is none. */
  public static String signatureHtml(String signature) {
    if (signature == null || signature.isBlank()) {
      return "";
    }
    return "<div class=\"signature\"><div>-- </div>"
        + HtmlText.fromPlain(signature.strip())
        + "</div>";
  }

  /** The original's text: its plain part, else its HTML as text. */
  static String textOf(ReadMessage m) {
    if (m.text() != null && !m.text().isBlank()) {
      return m.text().strip();
    }
    return m.html() == null ? "" : HtmlSanitizer.toText(m.html());
  }

  /** The address of mine the original was sent to (so the reply comes from it), else my first. */
  private static String from(ReadMessage original, List<EmailAddress> mine) {
    Set<String> own = canonical(mine);
    List<MailAddress> named = new ArrayList<>(original.to());
    named.addAll(original.cc());
    for (MailAddress a : named) {
      if (own.contains(key(a))) {
        for (EmailAddress e : mine) {
          if (e.canonical().equals(key(a))) {
            return e.toString();
          }
        }
      }
    }
    return mine.isEmpty() ? "" : mine.get(0).toString();
  }

  private static void add(Map<String, MailAddress> into, List<MailAddress> list, Set<String> skip) {
    for (MailAddress a : list) {
      String k = key(a);
      if (!k.isEmpty() && !skip.contains(k)) {
        into.putIfAbsent(k, a);
      }
    }
  }

  private static String join(Map<String, MailAddress> m) {
    List<String> out = new ArrayList<>();
    for (MailAddress a : m.values()) {
      out.add(formatted(a));
    }
    return String.join(", ", out);
  }

  /** "Name <address>", with the name quoted when it holds characters that need it. */
  static String formatted(MailAddress a) {
    String name = a.name() == null ? "" : a.name().strip().replaceAll("[\\r\\n]", " ");
    if (name.isEmpty()) {
      return a.address();
    }
    if (!name.matches("[\\p{L}\\p{N} .'!#$%&*+/=?^_`{|}~-]*")) {
      name = "\"" + name.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
    return name + " <" + a.address() + ">";
  }

  private static String full(List<MailAddress> list) {
    List<String> out = new ArrayList<>();
    for (MailAddress a : list) {
      out.add(a.full());
    }
    return String.join(", ", out);
  }

  private static String line(String name, String value) {
    return "<div>" + name + ": " + HtmlSanitizer.escape(value) + "</div>";
  }

  private static String key(MailAddress a) {
    return a.address() == null ? "" : a.address().strip().toLowerCase(Locale.ROOT);
  }

  private static Set<String> canonical(List<EmailAddress> mine) {
    Set<String> out = new java.util.HashSet<>();
    for (EmailAddress e : mine) {
      out.add(e.canonical());
    }
    return out;
  }
}
