package org.postroom.sending;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.mail.internet.InternetAddress;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.postroom.mime.MailAddress;
import org.postroom.mime.MimeReader;
import org.postroom.mime.ReadMessage;

class MessageBuilderTest {
  static final OffsetDateTime DATE = OffsetDateTime.of(2026, 11, 29, 20, 0, 0, 0, ZoneOffset.UTC);

  static OutgoingMessage message(
      String subject, boolean rich, String body, List<OutgoingMessage.Attachment> files) {
    return new OutgoingMessage(
        AddressField.address("ann@example.test", "Ann Émile"),
        List.of(AddressField.address("bob@remote.test", "Bob")),
        List.of(AddressField.address("cy@remote.test", null)),
        List.of(AddressField.address("secret@remote.test", null)),
        null,
        subject,
        rich,
        body,
        files,
        null,
        null,
        "<abc123@example.test>",
        null,
        null,
        DATE);
  }

  static String text(byte[] b) {
    return new String(b, StandardCharsets.UTF_8);
  }

  /** Every line ends in CRLF and none is longer than 998 octets. */
  static void assertWireSafe(byte[] raw) {
    int line = 0;
    for (int i = 0; i < raw.length; i++) {
      if (raw[i] == '\r') {
        assertThat(i + 1 < raw.length && raw[i + 1] == '\n').as("CR at %d without LF", i).isTrue();
        i++;
        line = 0;
      } else {
        assertThat(raw[i]).as("bare LF at %d", i).isNotEqualTo((byte) '\n');
        assertThat(++line).as("line length at %d", i).isLessThanOrEqualTo(998);
      }
    }
  }

  @Test
  void encodesNonAsciiSubjectAndNamesAndKeepsTheTextReadable() {
    byte[] raw = build(message("Grüße aus Köln ☕", false, "Größe: 5 µm\nZeile zwei", List.of()));
    String s = text(raw);
    assertThat(s).contains("Subject: =?UTF-8?");
    assertThat(s).contains("From: =?UTF-8?");
    assertThat(s).contains("Content-Type: text/plain; charset=UTF-8");
    assertThat(s).containsPattern("Content-Transfer-Encoding: (quoted-printable|base64)");
    for (byte b : raw) {
      assertThat(b & 0xff).as("8-bit byte on the wire").isLessThan(128);
    }
    assertWireSafe(raw);
    ReadMessage r = MimeReader.read(raw);
    assertThat(r.subject()).isEqualTo("Grüße aus Köln ☕");
    assertThat(r.from().get(0).name()).isEqualTo("Ann Émile");
    assertThat(r.text()).contains("Größe: 5 µm").contains("Zeile zwei");
  }

  @Test
  void plainAsciiGoesOutAs7bit() {
    String s = text(build(message("Hello", false, "Just text.\n", List.of())));
    assertThat(s).contains("Content-Transfer-Encoding: 7bit");
    assertThat(s).contains("Message-ID: <abc123@example.test>");
    assertThat(s).contains("Date: Sun, 29 Nov 2026");
  }

  @Test
  void aLineOver998CharactersIsNeverSentRaw() {
    String longLine = "x".repeat(5000);
    byte[] raw = build(message("Long", false, "start\n" + longLine + "\nend", List.of()));
    assertWireSafe(raw);
    assertThat(MimeReader.read(raw).text()).contains(longLine);
  }

  /** The message as delivered. */
  static byte[] build(OutgoingMessage m) {
    return MessageBuilder.write(m).delivered();
  }

  static byte[] authorCopy(OutgoingMessage m) {
    return MessageBuilder.write(m).authorCopy();
  }

  @Test
  void theDeliveredCopyIsTheAuthorsCopyWithoutItsFoldedBccFieldAndNothingElse() {
    List<InternetAddress> many = new java.util.ArrayList<>();
    for (int i = 0; i < 40; i++) {
      many.add(AddressField.address("hidden" + i + "@remote.test", "Hidden Person " + i));
    }
    OutgoingMessage base = message("Hi", false, "Bcc: this line is body text\nmore", List.of());
    OutgoingMessage m =
        new OutgoingMessage(
            base.from(),
            base.to(),
            base.cc(),
            many,
            base.replyTo(),
            base.subject(),
            base.rich(),
            base.body(),
            base.attachments(),
            base.forwarded(),
            base.forwardedName(),
            base.messageId(),
            base.inReplyTo(),
            base.references(),
            base.date());
    MessageBuilder.Built built = MessageBuilder.write(m);
    String author = text(built.authorCopy());
    String delivered = text(built.delivered());
    int start = author.indexOf("\r\nBcc: ") + 2;
    int end = start;
    do {
      end = author.indexOf("\r\n", end) + 2;
    } while (author.charAt(end) == ' ' || author.charAt(end) == '\t');
    String bccField = author.substring(start, end);
    assertThat(bccField.split("\r\n")).hasSizeGreaterThan(2); // folded over several lines
    assertThat(delivered).isEqualTo(author.replace(bccField, ""));
    assertThat(delivered)
        .doesNotContain("hidden0@", "hidden39@")
        .contains("Bcc: this line is body");
    assertThat(MimeReader.read(built.delivered()).bcc()).isEmpty();
    assertThat(MimeReader.read(built.authorCopy()).bcc()).hasSize(40);
  }

  @Test
  void bccIsOnlyInTheAuthorsCopy() {
    OutgoingMessage m = message("Hi", false, "x", List.of());
    assertThat(text(build(m))).doesNotContain("secret@remote.test").doesNotContain("Bcc:");
    assertThat(text(authorCopy(m))).contains("Bcc: secret@remote.test");
    // the author's copy shows the Bcc line when read back; a delivered copy has none
    assertThat(MimeReader.read(authorCopy(m)).bcc())
        .extracting(MailAddress::address)
        .containsExactly("secret@remote.test");
    assertThat(MimeReader.read(build(m)).bcc()).isEmpty();
    assertThat(m.recipients())
        .extracting(InternetAddress::getAddress)
        .containsExactly("bob@remote.test", "cy@remote.test", "secret@remote.test");
  }

  @Test
  void richTextBecomesAlternativeWithAGeneratedPlainPart() {
    String html =
        "<div>Hello <b>bold</b> and <i>it</i></div><ul><li>one</li><li>two</li></ul>"
            + "<ol><li>first</li></ol><blockquote><div>quoted line</div></blockquote>"
            + "<div><a href=\"https://example.org/x\">a link</a></div><script>alert(1)</script>";
    byte[] raw = build(message("Rich", true, html, List.of()));
    String s = text(raw);
    assertThat(s).contains("multipart/alternative");
    ReadMessage r = MimeReader.read(raw);
    assertThat(r.text())
        .contains("Hello bold and it")
        .contains("- one")
        .contains("- two")
        .contains("1. first")
        .contains("> quoted line")
        .contains("a link <https://example.org/x>");
    assertThat(r.html()).contains("<b>bold</b>").doesNotContain("script");
    assertWireSafe(raw);
  }

  @Test
  void attachmentsAreBase64WithTheirNames() {
    byte[] data = new byte[3000];
    for (int i = 0; i < data.length; i++) {
      data[i] = (byte) i;
    }
    byte[] raw =
        build(
            message(
                "Files",
                false,
                "see attached",
                List.of(
                    new OutgoingMessage.Attachment("report.bin", "application/octet-stream", data),
                    new OutgoingMessage.Attachment(
                        "naïve notes.txt",
                        "text/plain",
                        ("y".repeat(3000) + "\n").getBytes(StandardCharsets.UTF_8)))));
    assertWireSafe(raw);
    ReadMessage r = MimeReader.read(raw);
    assertThat(r.attachments())
        .extracting(p -> p.fileName())
        .containsExactly("report.bin", "naïve notes.txt");
    assertThat(MimeReader.part(raw, r.attachments().get(0).index()).orElseThrow().bytes())
        .isEqualTo(data);
  }

  @Test
  void refusesLineBreaksInHeaderFields() {
    assertThatThrownBy(() -> build(message("Hi\r\nBcc: victim@remote.test", false, "x", List.of())))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                build(
                    new OutgoingMessage(
                        AddressField.address("ann@example.test", "Ann\nBcc: x@remote.test"),
                        List.of(AddressField.address("bob@remote.test", null)),
                        List.of(),
                        List.of(),
                        null,
                        "s",
                        false,
                        "b",
                        List.of(),
                        null,
                        null,
                        "<a@example.test>",
                        null,
                        null,
                        DATE)))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void addressFieldsReportWhatIsWrong() {
    assertThat(AddressField.parse("Ann <ann@example.org>, bob@example.org").addresses())
        .extracting(InternetAddress::getAddress)
        .containsExactly("ann@example.org", "bob@example.org");
    assertThat(AddressField.parse("bob@example.org\r\nBcc: x@y.org").error())
        .contains("Line breaks");
    assertThat(AddressField.parse("not an address").error()).isNotNull();
    assertThat(AddressField.parse("bob@").error()).isNotNull();
    assertThat(AddressField.parse("  ").addresses()).isEmpty();
    assertThat(AddressField.parse("a@example.org, A <a@example.org>").addresses()).hasSize(1);
  }

  @Test
  void forwardedMessageKeepsAnIdentityEncodingOrFallsBackToBase64() {
    assertThat(
            MessageBuilder.identityEncoding(
                "Subject: x\r\n\r\nhi\r\n".getBytes(StandardCharsets.US_ASCII)))
        .isEqualTo("7bit");
    assertThat(
            MessageBuilder.identityEncoding(
                "Subject: x\r\n\r\nhé\r\n".getBytes(StandardCharsets.UTF_8)))
        .isEqualTo("8bit");
    assertThat(
            MessageBuilder.identityEncoding(
                ("a".repeat(1200) + "\r\n").getBytes(StandardCharsets.US_ASCII)))
        .isEqualTo("base64");
    assertThat(MessageBuilder.identityEncoding("bare\nlf\r\n".getBytes(StandardCharsets.US_ASCII)))
        .isEqualTo("base64");
  }
}
