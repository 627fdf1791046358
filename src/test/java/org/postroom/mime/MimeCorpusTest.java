package org.postroom.mime;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every message of the corpus (src/test/resources/mime-corpus, made by scripts/make-mime-corpus.py:
 * real-world shapes and deliberately broken mail) opens without an exception and shows the text its
 * .expect file lists, read the way the message page reads it.
 */
class MimeCorpusTest {
  static final Path CORPUS = Path.of("src/test/resources/mime-corpus");

  /**
   * A bound against runaway work (recursion per part, quadratic scans), not a speed goal: about 0.5
   * s here on a quiet machine, 10 s leaves room for a CI machine under load.
   */
  static final Duration BOUND = Duration.ofSeconds(10);

  /** What the message page shows of a message, as text. */
  static String visible(byte[] raw) {
    ReadMessage r = MimeReader.read(raw);
    StringBuilder sb = new StringBuilder();
    sb.append(r.subject().isBlank() ? "(no subject)" : r.subject()).append('\n');
    for (List<MailAddress> list : List.of(r.from(), r.to(), r.cc(), r.bcc())) {
      list.forEach(a -> sb.append(a.full()).append('\n'));
    }
    r.notes().forEach(n -> sb.append(n).append('\n'));
    if (r.html() != null) {
      sb.append(HtmlSanitizer.toText(MessageHtml.render(raw, r, false).html())).append('\n');
    }
    for (PlainText.Block b : PlainText.blocks(r.text())) {
      for (List<PlainText.Segment> line : b.lines()) {
        line.forEach(s -> sb.append(s.text()));
        sb.append('\n');
      }
    }
    r.attachments().forEach(a -> sb.append(a.fileName()).append('\n'));
    return sb.toString();
  }

  @Test
  void oneParseForTheStoreGivesWhatTwoSeparateParsesGive() throws IOException {
    try (Stream<Path> files = Files.list(CORPUS)) {
      for (Path p : files.filter(x -> x.toString().endsWith(".eml")).sorted().toList()) {
        byte[] raw = Files.readAllBytes(p);
        MimeReader.Parsed once = MimeReader.parse(raw);
        assertThat(once.summary())
            .as(p.getFileName().toString())
            .isEqualTo(MessageParser.summarize(org.postroom.core.RawMessage.of(raw)));
        assertThat(once.read()).as(p.getFileName().toString()).isEqualTo(MimeReader.read(raw));
      }
    }
  }

  @Test
  void theCorpusHasAtLeastFiftyMessages() throws IOException {
    try (Stream<Path> files = Files.list(CORPUS)) {
      assertThat(files.filter(p -> p.toString().endsWith(".eml")).count())
          .isGreaterThanOrEqualTo(50);
    }
  }

  @TestFactory
  Stream<DynamicTest> everyMessageShowsItsText() throws IOException {
    List<Path> emls;
    try (Stream<Path> files = Files.list(CORPUS)) {
      emls = files.filter(p -> p.toString().endsWith(".eml")).sorted().toList();
    }
    return emls.stream()
        .map(
            eml ->
                DynamicTest.dynamicTest(
                    eml.getFileName().toString(),
                    () -> {
                      byte[] raw = Files.readAllBytes(eml);
                      Path expectFile = Path.of(eml.toString().replaceAll("\\.eml$", ".expect"));
                      List<String> expected =
                          Files.readAllLines(expectFile, StandardCharsets.UTF_8).stream()
                              .filter(l -> !l.isBlank())
                              .toList();
                      assertThat(expected).as("expectations of " + eml).isNotEmpty();
                      String shown =
                          assertTimeoutPreemptively(Duration.ofSeconds(10), () -> visible(raw));
                      for (String e : expected) {
                        assertThat(shown).as(eml.getFileName().toString()).contains(e);
                      }
                    }));
  }

  @Test
  void hostileHtmlKeepsItsTextAndLosesEveryActiveOrRemotePart() throws IOException {
    byte[] raw = Files.readAllBytes(CORPUS.resolve("html-hostile.eml"));
    String html = MessageHtml.render(raw, MimeReader.read(raw), false).html().toLowerCase();
    assertThat(html).contains("visible paragraph");
    assertThat(html)
        .doesNotContain("<script", "onload", "onerror", "javascript:", "<iframe", "<form", "<svg")
        .doesNotContain("evil.test");
  }

  @Test
  void inlineCidImagesBecomeDataUrlsSoTheFrameNeedsNoCookie() throws IOException {
    byte[] raw = Files.readAllBytes(CORPUS.resolve("inline-cid-image.eml"));
    String html = MessageHtml.render(raw, MimeReader.read(raw), false).html();
    assertThat(html).contains("src=\"data:image/png;base64,iVBORw0KGgo");
  }

  @Test
  void tenThousandNestedPartsAreReadInBoundedTime() {
    StringBuilder sb = new StringBuilder("Subject: nested\r\n");
    for (int i = 0; i < 10_000; i++) {
      sb.append("Content-Type: multipart/mixed; boundary=\"n")
          .append(i)
          .append("\"\r\n\r\n--n")
          .append(i)
          .append("\r\n");
    }
    sb.append("Content-Type: text/plain\r\n\r\nat the bottom\r\n");
    byte[] raw = sb.toString().getBytes(StandardCharsets.US_ASCII);
    ReadMessage r = assertTimeoutPreemptively(BOUND, () -> MimeReader.read(raw));
    assertThat(r.subject()).isEqualTo("nested");
    assertThat(r.notes()).anyMatch(n -> n.contains("more parts than are shown"));
  }

  @Test
  void tenThousandSiblingPartsAreReadInBoundedTime() {
    StringBuilder sb =
        new StringBuilder("Subject: siblings\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n");
    for (int i = 0; i < 10_000; i++) {
      sb.append("--b\r\nContent-Type: text/plain\r\n\r\npart ").append(i).append("\r\n");
    }
    sb.append("--b--\r\n");
    byte[] raw = sb.toString().getBytes(StandardCharsets.US_ASCII);
    ReadMessage r = assertTimeoutPreemptively(BOUND, () -> MimeReader.read(raw));
    assertThat(r.text()).startsWith("part 0");
    assertThat(r.notes()).anyMatch(n -> n.contains("more parts than are shown"));
  }

  @Test
  void aOneMegabyteHeaderIsReadInBoundedTimeAndCutForDisplay() {
    String words = "=?UTF-8?B?w7w=?= ".repeat(1024 * 1024 / 17);
    byte[] raw =
        ("Subject: " + words + "\r\nFrom: " + "a@b.test, ".repeat(100_000) + "\r\n\r\nbody\r\n")
            .getBytes(StandardCharsets.US_ASCII);
    ReadMessage r = assertTimeoutPreemptively(BOUND, () -> MimeReader.read(raw));
    assertThat(r.subject())
        .startsWith("üüü")
        .hasSizeLessThanOrEqualTo(HeaderDecoder.MAX_LENGTH + 1);
    assertThat(r.from()).isNotEmpty();
    assertThat(r.text()).contains("body");
  }
}
