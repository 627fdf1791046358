package org.postroom.spam;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RspamdTest {
  @Test
  void aVerdictReadsActionScoreReasonAndTheHeaviestSymbolsFirst() {
    Rspamd.Verdict v =
        Rspamd.parse(
            "{\"is_skipped\":false,\"score\":8.9,\"required_score\":15.0,\"action\":\"add header\","
                + "\"symbols\":{\"ARC_NA\":{\"name\":\"ARC_NA\",\"score\":0.0},"
                + "\"R_SPF_FAIL\":{\"name\":\"R_SPF_FAIL\",\"score\":1.0},"
                + "\"POSTROOM_TEST_SPAMMY\":{\"name\":\"POSTROOM_TEST_SPAMMY\",\"score\":8.0},"
                + "\"BAYES_HAM\":{\"name\":\"BAYES_HAM\",\"score\":-0.1}},"
                + "\"messages\":{\"smtp_message\":\"Spam\\u0007 here\"}}");
    assertThat(v.action()).isEqualTo("add header");
    assertThat(v.score()).isEqualTo(8.9);
    assertThat(v.required()).isEqualTo(15.0);
    assertThat(v.reason()).as("control characters dropped").isEqualTo("Spam here");
    assertThat(v.symbolList())
        .isEqualTo("POSTROOM_TEST_SPAMMY(8.00), R_SPF_FAIL(1.00), BAYES_HAM(-0.10)");
  }

  @Test
  void anAnswerWithoutSymbolsOrMessagesIsNoAction() {
    Rspamd.Verdict v = Rspamd.parse("{\"score\":0.0}");
    assertThat(v.action()).isEqualTo("no action");
    assertThat(v.symbolList()).isEmpty();
    assertThat(v.reason()).isEmpty();
  }
}
