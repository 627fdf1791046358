package org.postroom.mime;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HtmlSanitizerTest {
  private static HtmlSanitizer.Sanitized clean(String html, boolean remote) {
    return HtmlSanitizer.sanitize(html, remote, cid -> null);
  }

  @Test
  void remoteImagesCssUrlsAndSrcsetAreBlockedAndCounted() {
    var s =
        clean(
            "<p style=\"color:red;background:url(https://t.test/a.png)\">x</p>"
                + "<img src=\"https://t.test/pixel.gif\" srcset=\"https://t.test/2x.gif 2x\">"
                + "<table background=\"https://t.test/bg.png\"><tr><td>c</td></tr></table>"
                + "<link rel=prefetch href=\"https://t.test/p\"><svg><image href=\"https://t.test/s\"/></svg>",
            false);
    assertThat(s.html()).doesNotContain("t.test").contains("color: red");
    assertThat(s.blockedRemote()).isEqualTo(2);
  }

  @Test
  void remoteContentStaysWhenTheUserAllowsIt() {
    var s = clean("<img src=\"https://t.test/pixel.gif\">", true);
    assertThat(s.html()).contains("https://t.test/pixel.gif");
    assertThat(s.blockedRemote()).isZero();
  }

  @Test
  void linksOpenInANewTabWithoutOpenerOrReferrerAndScriptLinksGo() {
    var s =
        clean(
            "<a href=\"https://example.org/\">ok</a><a href=\"javascript:alert(1)\">bad</a>",
            false);
    assertThat(s.html())
        .contains("href=\"https://example.org/\"")
        .contains("target=\"_blank\"")
        .contains("rel=\"noopener noreferrer\"")
        .doesNotContain("javascript");
  }

  @Test
  void cssThatCouldRunOrEscapeIsDropped() {
    var s =
        clean(
            "<div style=\"width: expression(alert(1)); position: fixed; color: blue;"
                + " behavior: url(x.htc); font-size: 12px\">t</div>",
            true);
    assertThat(s.html()).contains("color: blue").contains("font-size: 12px");
    assertThat(s.html()).doesNotContain("expression", "position", "behavior");
  }
}
