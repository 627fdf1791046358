package org.postroom.mailbox;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class SearchTokensTest {
  @Test
  void wordsAreRunsOfLettersAndDigitsInLowerCaseWithoutAccents() {
    assertThat(SearchTokens.words("Grüße aus KÖLN, Zoë! Invoice #2026-11/07 (x²)"))
        .containsExactly("gruße", "aus", "koln", "zoe", "invoice", "2026", "11", "07", "x2");
    assertThat(SearchTokens.words("日本語 テキスト ١٢٣ café"))
        .containsExactly("日本語", "テキスト", "١٢٣", "cafe");
    assertThat(SearchTokens.words("  --  ")).isEmpty();
    assertThat(SearchTokens.words(null)).isEmpty();
  }

  @Test
  void lettersOutsideTheBasicPlaneStayInTheirWordAndLongWordsAreCut() {
    // compatibility forms fold to plain letters (found by "unicode"); other letters stay as they
    // are
    assertThat(SearchTokens.words("math 𝔘nicode; 𠀀𠀁x emoji 😀 between"))
        .containsExactly("math", "unicode", "𠀀𠀁x", "emoji", "between");
    String longWord = "a".repeat(100);
    assertThat(SearchTokens.words(longWord + " end"))
        .containsExactly("a".repeat(SearchTokens.MAX_TOKEN), "end");
  }
}
