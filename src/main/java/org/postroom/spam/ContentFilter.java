package org.postroom.spam;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import org.postroom.config.Setting;
import org.postroom.core.RawMessage;
import org.postroom.core.SmtpStatus;
import org.postroom.runtime.ServerSettings;

/**
 * Content scanning before the 250 (when {@code postroom.spam.rspamd.url} is set): rspamd's action
 * decides. At the MX: {@code reject} refuses the message (550 5.7.1 with rspamd's reason, nothing
 * stored), {@code soft reject} and {@code greylist} defer it (451), {@code add header} and {@code
 * rewrite subject} file it in Junk, {@code no action} in the Inbox; the score and symbols go into
 * an {@code X-Spam-Result} field on top of the stored copy, above our Received field, where no
 * sender can write (so {@link JunkReason} can trust it). Submitted mail is scanned with the user's
 * name and only a {@code reject} stops it (one stolen password must not spam out through the
 * relay). rspamd unavailable: accepted and marked "not scanned", or 451, per {@code
 * postroom.spam.rspamd.unavailable}.
 */
@ApplicationScoped
public class ContentFilter {
  /** The field our verdict is stored in, on top of the stored copy. */
  public static final String RESULT_FIELD = "X-Spam-Result";

  /**
   * The field that names a program or script attached (with {@code
   * postroom.spam.attachments=junk}).
   */
  public static final String ATTACHMENT_FIELD = "X-Spam-Attachment";

  /**
   * What to do with a message.
   *
   * @param refusal the reply that refuses or defers it, or null to deliver it
   * @param junk whether it goes to the recipients' Junk folders
   * @param fields header fields to put on top of the stored copy (CRLF-terminated), maybe empty
   */
  public record Decision(SmtpStatus refusal, boolean junk, byte[] fields) {}

  private static final Decision UNSCANNED = new Decision(null, false, new byte[0]);

  @Inject ServerSettings settings;
  @Inject Rspamd rspamd;

  /**
   * Scans a message (as it will be stored, our trace fields on top) and decides: its attachments
   * first (at the MX), then rspamd.
   */
  public Decision scan(RawMessage message, Rspamd.Envelope envelope, boolean submission) {
    String attachments = settings.get(Setting.SPAM_ATTACHMENTS);
    if (!submission && !"off".equals(attachments)) {
      Optional<String> bad;
      try {
        bad = DangerousAttachments.find(message.bytes());
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      if (bad.isPresent()) {
        if ("reject".equals(attachments)) {
          return new Decision(
              SmtpStatus.of(
                  552,
                  "5.7.0",
                  "Message refused: its attachment "
                      + bad.get()
                      + " is a program or script, which is not accepted here"),
              false,
              new byte[0]);
        }
        Decision d = rspamdDecision(message, envelope, false);
        if (d.refusal() != null) {
          return d;
        }
        byte[] field =
            field("X-Spam: Yes\r\n" + ATTACHMENT_FIELD + ": program or script " + bad.get());
        return new Decision(null, true, concat(field, d.fields()));
      }
    }
    return rspamdDecision(message, envelope, submission);
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = java.util.Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }

  private Decision rspamdDecision(
      RawMessage message, Rspamd.Envelope envelope, boolean submission) {
    if (!rspamd.configured()) {
      return UNSCANNED;
    }
    var verdict = rspamd.check(message, envelope);
    if (verdict.isEmpty()) {
      if ("tempfail".equals(settings.get(Setting.SPAM_RSPAMD_UNAVAILABLE))) {
        return new Decision(
            SmtpStatus.of(451, "4.7.1", "Content filter unavailable, try again later"),
            false,
            new byte[0]);
      }
      return new Decision(
          null, false, field(RESULT_FIELD + ": not scanned (content filter unavailable)"));
    }
    Rspamd.Verdict v = verdict.get();
    String summary =
        String.format(
            Locale.ROOT,
            "rspamd; action=%s; score=%.2f/%.2f%s",
            v.action(),
            v.score(),
            v.required(),
            v.symbolList().isEmpty() ? "" : ";\r\n\tsymbols=" + v.symbolList());
    String why =
        String.format(Locale.ROOT, " (score %.2f: %s)", v.score(), v.symbolList())
            .replace(": )", ")");
    switch (v.action()) {
      case "reject" -> {
        String text =
            (submission
                    ? "Message refused: our content filter takes it for spam"
                    : "Message refused as spam")
                + (v.reason().isEmpty() ? "" : ": " + v.reason())
                + why;
        return new Decision(SmtpStatus.of(550, "5.7.1", clip(text)), false, new byte[0]);
      }
      case "soft reject", "greylist" -> {
        if (submission) {
          return new Decision(null, false, new byte[0]);
        }
        return new Decision(
            SmtpStatus.of(
                451,
                "4.7.1",
                clip("Try again later" + (v.reason().isEmpty() ? "" : ": " + v.reason()))),
            false,
            new byte[0]);
      }
      case "add header", "rewrite subject" -> {
        if (submission) {
          return new Decision(null, false, new byte[0]);
        }
        return new Decision(null, true, field("X-Spam: Yes\r\n" + RESULT_FIELD + ": " + summary));
      }
      default -> {
        return new Decision(
            null, false, submission ? new byte[0] : field(RESULT_FIELD + ": " + summary));
      }
    }
  }

  private static String clip(String s) {
    return s.length() > 400 ? s.substring(0, 400) : s;
  }

  private static byte[] field(String lines) {
    return (lines + "\r\n").getBytes(StandardCharsets.US_ASCII);
  }
}
