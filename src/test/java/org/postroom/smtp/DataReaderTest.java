package org.postroom.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DataReaderTest {
  private final ByteArrayOutputStream sink = new ByteArrayOutputStream();

  private static InputStream in(String s) {
    return new ByteArrayInputStream(s.getBytes(StandardCharsets.ISO_8859_1));
  }

  private String kept() {
    return sink.toString(StandardCharsets.ISO_8859_1);
  }

  private static String rest(InputStream in) throws Exception {
    return new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
  }

  @Test
  void readsToTheEndLineUnstuffsDotsAndLeavesPipelinedCommands() throws Exception {
    InputStream in = in("Subject: hi\r\n\r\n..leading dot\r\n.\r\nQUIT\r\n");
    DataReader.Result r = new DataReader(1000, 998).read(in, sink);
    assertThat(r.ok()).isTrue();
    assertThat(r.complete()).isTrue();
    assertThat(kept()).isEqualTo("Subject: hi\r\n\r\n.leading dot\r\n");
    assertThat(r.octets()).isEqualTo(kept().length());
    assertThat(rest(in)).isEqualTo("QUIT\r\n");
  }

  @Test
  void aStreamWithoutMarkIsReadByteByByteAndAlsoKeepsWhatFollows() throws Exception {
    InputStream in =
        new java.io.FilterInputStream(in("a\r\n.\r\nNOOP\r\n")) {
          @Override
          public boolean markSupported() {
            return false;
          }
        };
    assertThat(new DataReader(1000, 998).read(in, sink).ok()).isTrue();
    assertThat(rest(in)).isEqualTo("NOOP\r\n");
  }

  @Test
  void anEmptyMessageEndsAtOnce() throws Exception {
    DataReader.Result r = new DataReader(1000, 998).read(in(".\r\n"), sink);
    assertThat(r.ok()).isTrue();
    assertThat(kept()).isEmpty();
  }

  /** Every end-of-data look-alike of SMTP smuggling stops the reader as a bare CR or LF. */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "hello\n.\nMAIL FROM:<x@evil.test>\r\n",
        "hello\r.\rMAIL FROM:<x@evil.test>\r\n",
        "hello\n.\r\nMAIL FROM:<x@evil.test>\r\n",
        "hello\r\n.\nMAIL FROM:<x@evil.test>\r\n",
        "hello\r.\r\nMAIL FROM:<x@evil.test>\r\n",
        "hello\r\n.\rMAIL FROM:<x@evil.test>\r\n",
        "hello\n\r.\r\nMAIL FROM:<x@evil.test>\r\n"
      })
  void refusesEveryBareLineEndingVariant(String data) throws Exception {
    InputStream in = in(data + "\r\n.\r\n");
    DataReader.Result r = new DataReader(1000, 998).read(in, sink);
    assertThat(r.problem()).isEqualTo(DataReader.Problem.BARE_LINE_ENDING);
    assertThat(r.complete()).isFalse();
    assertThat(kept()).doesNotContain("MAIL FROM");
  }

  @Test
  void aBareLineFeedInTheMiddleOfALineIsRefusedToo() throws Exception {
    DataReader.Result r = new DataReader(1000, 998).read(in("a\nb\r\n.\r\n"), sink);
    assertThat(r.problem()).isEqualTo(DataReader.Problem.BARE_LINE_ENDING);
  }

  @Test
  void anOversizedMessageIsReadToItsEndButNotKept() throws Exception {
    String line = "x".repeat(98) + "\r\n";
    InputStream in = in(line.repeat(50) + ".\r\nRSET\r\n");
    DataReader.Result r = new DataReader(1000, 998).read(in, sink);
    assertThat(r.problem()).isEqualTo(DataReader.Problem.TOO_BIG);
    assertThat(r.complete()).isTrue();
    assertThat(r.octets()).isEqualTo(5000);
    assertThat(sink.size()).isLessThanOrEqualTo(1000);
    assertThat(rest(in)).isEqualTo("RSET\r\n");
  }

  @Test
  void aLineOverTheLimitRefusesTheMessage() throws Exception {
    DataReader.Result ok =
        new DataReader(10_000, 10).read(in("0123456789\r\n..123456789\r\n.\r\n"), sink);
    assertThat(ok.ok()).isTrue();
    DataReader.Result r =
        new DataReader(10_000, 10)
            .read(in("01234567890\r\nnext\r\n.\r\n"), new ByteArrayOutputStream());
    assertThat(r.problem()).isEqualTo(DataReader.Problem.LINE_TOO_LONG);
    assertThat(r.complete()).isTrue();
  }

  @Test
  void anEndlessStreamAfterTheLimitIsNotReadForever() throws Exception {
    InputStream endless =
        new InputStream() {
          @Override
          public int read() {
            return 'x';
          }
        };
    DataReader.Result r = new DataReader(1000, 998).read(endless, sink);
    assertThat(r.problem()).isEqualTo(DataReader.Problem.TOO_BIG);
    assertThat(r.complete()).isFalse();
  }

  @Test
  void aClosedConnectionIsAnErrorNotAMessage() {
    assertThatThrownBy(() -> new DataReader(1000, 998).read(in("Subject: cut\r\n"), sink))
        .isInstanceOf(EOFException.class);
  }

  @Test
  void notesTheHeadersTheChecksNeed() throws Exception {
    String msg =
        "Received: from a\r\n\tby b; today\r\nReceived: from c\r\nFrom: Alice\r\n <alice@example.test>\r\n"
            + "Message-ID: <1@x>\r\nDate: Mon, 1 Jan 2024 00:00:00 +0000\r\n\r\nReceived: not a header\r\n.\r\n";
    DataReader.Headers h = new DataReader(10_000, 998).read(in(msg), sink).headers();
    assertThat(h.received()).isEqualTo(2);
    assertThat(h.from()).isEqualTo("Alice <alice@example.test>");
    assertThat(h.fromFields()).isEqualTo(1);
    assertThat(h.messageId()).isEqualTo("<1@x>");
    assertThat(h.hasDate()).isTrue();
  }

  @Test
  void aMessageWithoutHeadersHasNone() throws Exception {
    DataReader.Headers h =
        new DataReader(10_000, 998).read(in("just text\r\n.\r\n"), sink).headers();
    assertThat(h.fromFields()).isZero();
    assertThat(h.messageId()).isNull();
  }
}
