package org.postroom.mime;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class PlainTextTest {
  @Test
  void linksAreSegmentsWithoutTrailingPunctuation() {
    List<PlainText.Segment> s =
        PlainText.segments("See https://example.org/a_(b). or www.example.com, mail x@y.org!");
    assertThat(s)
        .filteredOn(PlainText.Segment::isLink)
        .extracting(PlainText.Segment::href)
        .containsExactly("https://example.org/a_(b)", "https://www.example.com", "mailto:x@y.org");
  }

  @Test
  void quotedLinesFormTheirOwnBlocks() {
    List<PlainText.Block> b = PlainText.blocks("Yes.\nOn Monday Bob wrote:\n> a\n>> b\nThanks");
    assertThat(b).extracting(PlainText.Block::quoted).containsExactly(false, true, false);
    assertThat(b.get(1).lineCount()).isEqualTo(2);
  }

  @Test
  void markupInTextStaysText() {
    assertThat(PlainText.segments("<script>alert(1)</script>"))
        .singleElement()
        .extracting(PlainText.Segment::text)
        .isEqualTo("<script>alert(1)</script>");
  }
}
