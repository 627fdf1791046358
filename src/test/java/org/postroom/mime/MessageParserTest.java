package org.postroom.mime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.postroom.core.RawMessage;

class MessageParserTest {
  private static MessageSummary parse(String raw) {
    return MessageParser.summarize(RawMessage.of(raw.getBytes(StandardCharsets.ISO_8859_1)));
  }

  @Test
  void decodesEncodedWordsInSubjectAndSenderName() {
    MessageSummary s =
        parse(
            "From: =?UTF-8?B?SsO8cmdlbiBNw7xsbGVy?= <juergen@example.de>\r\n"
                + "To: Bob <bob@example.test>, carol@example.test\r\n"
                + "Subject: =?ISO-8859-1?Q?Gr=FC=DFe?= aus Berlin\r\n"
                + "Date: Tue, 3 Mar 2026 10:15:00 +0100\r\n"
                + "Message-ID: <abc@example.de>\r\n"
                + "\r\n"
                + "Hallo Bob,\r\n> quoted\r\nbis bald\r\n");
    assertThat(s.fromName()).isEqualTo("Jürgen Müller");
    assertThat(s.fromAddress()).isEqualTo("juergen@example.de");
    assertThat(s.subject()).isEqualTo("Grüße aus Berlin");
    assertThat(s.toList()).isEqualTo("Bob <bob@example.test>, carol@example.test");
    assertThat(s.messageId()).isEqualTo("<abc@example.de>");
    assertThat(s.sentAt().toInstant().toString()).isEqualTo("2026-03-03T09:15:00Z");
    assertThat(s.snippet()).isEqualTo("Hallo Bob, bis bald");
    assertThat(s.hasAttachments()).isFalse();
  }

  @Test
  void notesAttachmentsAndTakesTheSnippetFromTheTextPart() {
    MessageSummary s =
        parse(
            "Subject: report\r\nMIME-Version: 1.0\r\n"
                + "Content-Type: multipart/mixed; boundary=\"b1\"\r\n\r\n"
                + "--b1\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nSee attached.\r\n"
                + "--b1\r\nContent-Type: application/pdf; name=\"r.pdf\"\r\n"
                + "Content-Disposition: attachment; filename=\"r.pdf\"\r\n"
                + "Content-Transfer-Encoding: base64\r\n\r\nJVBERi0=\r\n--b1--\r\n");
    assertThat(s.hasAttachments()).isTrue();
    assertThat(s.snippet()).isEqualTo("See attached.");
  }

  @Test
  void htmlOnlyMailGetsATextSnippet() {
    MessageSummary s =
        parse(
            "Subject: hi\r\nContent-Type: text/html; charset=utf-8\r\n\r\n"
                + "<html><head><style>p{}</style></head><body><p>Hello &amp; welcome</p>"
                + "<script>alert(1)</script></body></html>\r\n");
    assertThat(s.snippet()).isEqualTo("Hello & welcome");
  }

  @Test
  void brokenMailStillGivesWhatCanBeRead() {
    MessageSummary s =
        parse(
            "Subject: =?x-unknown?Q?abc?=\r\nFrom: not an address <<<\r\n"
                + "Content-Type: multipart/mixed; boundary=\"never\"\r\n\r\nno boundary here\r\n");
    assertThat(s.subject()).contains("abc");
    assertThat(s.fromAddress()).contains("not an address");
  }

  @Test
  void anUnknownCharsetFallsBackInsteadOfFailing() {
    MessageSummary s =
        parse("Subject: x\r\nContent-Type: text/plain; charset=klingon-8\r\n\r\nplain words\r\n");
    assertThat(s.snippet()).isEqualTo("plain words");
  }

  @Test
  void deepNestingIsCutOffNotFatal() {
    StringBuilder sb = new StringBuilder("Subject: deep\r\n");
    int depth = 2000;
    for (int i = 0; i < depth; i++) {
      sb.append("Content-Type: multipart/mixed; boundary=\"b")
          .append(i)
          .append("\"\r\n\r\n--b")
          .append(i)
          .append("\r\n");
    }
    sb.append("Content-Type: text/plain\r\n\r\ninnermost\r\n");
    long t0 = System.nanoTime();
    MessageSummary s = parse(sb.toString());
    assertThat(s.subject()).isEqualTo("deep");
    assertThat(System.nanoTime() - t0).isLessThan(10_000_000_000L);
  }
}
