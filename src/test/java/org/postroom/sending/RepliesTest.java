package org.postroom.sending;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.postroom.core.EmailAddress;
import org.postroom.mime.MailAddress;
import org.postroom.mime.ReadMessage;

class RepliesTest {
  static final List<EmailAddress> MINE =
      List.of(EmailAddress.of("me@example.test"), EmailAddress.of("sales@example.test"));

  static ReadMessage message(
      List<MailAddress> from,
      List<MailAddress> to,
      List<MailAddress> cc,
      List<MailAddress> replyTo) {
    return new ReadMessage(
        "Budget",
        from,
        to,
        cc,
        List.of(),
        replyTo,
        OffsetDateTime.of(2026, 3, 3, 10, 0, 0, 0, ZoneOffset.UTC),
        "<m1@remote.test>",
        "Line one\nLine <two>",
        null,
        List.of(),
        List.of());
  }

  static MailAddress a(String name, String address) {
    return new MailAddress(name, address);
  }

  @Test
  void replyAllLeavesOutEveryOwnAddressAndComesFromTheOneWrittenTo() {
    ReadMessage m =
        message(
            List.of(a("Alice", "alice@remote.test")),
            List.of(a("", "SALES@example.test"), a("Carol, Jr.", "carol@remote.test")),
            List.of(
                a("", "me@example.test"), a("", "dave@remote.test"), a("", "alice@remote.test")),
            List.of());
    Composition r = Replies.reply(m, 7, true, MINE, "Me", QuoteStyle.ENGLISH_UTC);
    assertThat(r.to()).isEqualTo("Alice <alice@remote.test>, \"Carol, Jr.\" <carol@remote.test>");
    assertThat(r.cc()).isEqualTo("dave@remote.test");
    assertThat(r.from()).isEqualTo("sales@example.test");
    assertThat(r.subject()).isEqualTo("Re: Budget");
    assertThat(r.origin()).isEqualTo(Composition.Origin.REPLY_ALL);
    assertThat(r.body())
        .contains("On Tue, 3 Mar 2026 at 10:00, Alice wrote:")
        .contains("<blockquote><div>Line one</div><div>Line &lt;two&gt;</div></blockquote>")
        .contains("<div>-- </div><div>Me</div>");
    assertThat(AddressField.parse(r.to()).ok()).isTrue();
  }

  @Test
  void replyGoesToReplyToAndAReplyToMyOwnMessageGoesToItsRecipients() {
    ReadMessage list =
        message(
            List.of(a("Alice", "alice@remote.test")),
            List.of(a("", "me@example.test")),
            List.of(),
            List.of(a("List", "list@remote.test")));
    assertThat(Replies.reply(list, 1, false, MINE, "", QuoteStyle.ENGLISH_UTC).to())
        .isEqualTo("List <list@remote.test>");
    ReadMessage mine =
        message(
            List.of(a("Me", "me@example.test")),
            List.of(a("", "bob@remote.test")),
            List.of(),
            List.of());
    assertThat(Replies.reply(mine, 1, false, MINE, "", QuoteStyle.ENGLISH_UTC).to())
        .isEqualTo("bob@remote.test");
  }

  @Test
  void forwardsQuoteHeadersInlineAndDoNotRepeatPrefixes() {
    ReadMessage m =
        message(
            List.of(a("Alice", "alice@remote.test")),
            List.of(a("", "me@example.test")),
            List.of(),
            List.of());
    Composition f = Replies.forward(m, 3, false, MINE, "", QuoteStyle.ENGLISH_UTC);
    assertThat(f.subject()).isEqualTo("Fwd: Budget");
    assertThat(f.body())
        .contains("Forwarded message")
        .contains("From: Alice &lt;alice@remote.test&gt;");
    Composition again =
        Replies.forward(
            new ReadMessage(
                "Fwd: Budget",
                m.from(),
                m.to(),
                m.cc(),
                m.bcc(),
                m.replyTo(),
                m.sentAt(),
                m.messageId(),
                m.text(),
                null,
                List.of(),
                List.of()),
            3,
            true,
            MINE,
            "",
            QuoteStyle.ENGLISH_UTC);
    assertThat(again.subject()).isEqualTo("Fwd: Budget");
    assertThat(again.origin()).isEqualTo(Composition.Origin.FORWARD_ATTACHMENT);
    assertThat(again.body()).doesNotContain("Forwarded message");
  }

  @Test
  void quotesInTheUsersLanguageAndTimeZone() {
    ReadMessage m =
        message(
            List.of(a("Alice", "alice@remote.test")),
            List.of(a("", "me@example.test")),
            List.of(),
            List.of());
    QuoteStyle berlin = new QuoteStyle(Locale.GERMAN, ZoneId.of("Europe/Berlin"));
    // 10:00 UTC in March is 11:00 in Berlin
    assertThat(Replies.reply(m, 1, false, MINE, "", berlin).body())
        .contains("Am Di., 3. März 2026 um 11:00 schrieb Alice:");
    assertThat(Replies.forward(m, 1, false, MINE, "", berlin).body())
        .contains("Weitergeleitete Nachricht")
        .contains("Von: Alice")
        .contains("Datum: Di., 3. März 2026 um 11:00")
        .contains("Betreff: Budget");
    QuoteStyle ny = new QuoteStyle(Locale.ENGLISH, ZoneId.of("America/New_York"));
    assertThat(Replies.reply(m, 1, false, MINE, "", ny).body())
        .contains("On Tue, 3 Mar 2026 at 05:00, Alice wrote:");
  }
}
