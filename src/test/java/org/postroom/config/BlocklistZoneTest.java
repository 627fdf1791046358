package org.postroom.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class BlocklistZoneTest {
  private static byte[] a(int... octets) {
    byte[] b = new byte[octets.length];
    for (int i = 0; i < b.length; i++) {
      b[i] = (byte) octets[i];
    }
    return b;
  }

  @Test
  void codesInPostfixSyntaxSayWhichAnswersList() {
    BlocklistZone zen = BlocklistZone.parse("zen.spamhaus.org=127.0.0.[2..11]");
    assertThat(zen.zone()).isEqualTo("zen.spamhaus.org");
    assertThat(zen.lists(a(127, 0, 0, 2))).isTrue();
    assertThat(zen.lists(a(127, 0, 0, 11))).isTrue();
    assertThat(zen.lists(a(127, 0, 0, 12))).isFalse();
    assertThat(zen.lists(a(127, 0, 1, 2))).isFalse();
    BlocklistZone choice = BlocklistZone.parse("bl.test=127.0.[0;1].4");
    assertThat(choice.lists(a(127, 0, 1, 4))).isTrue();
    assertThat(choice.lists(a(127, 0, 2, 4))).isFalse();
    assertThat(choice.toString()).isEqualTo("bl.test=127.0.[0;1].4");
    assertThat(zen.toString()).isEqualTo("zen.spamhaus.org=127.0.0.[2..11]");
  }

  @Test
  void errorAnswersNeverList() {
    BlocklistZone any = BlocklistZone.parse("bl.test");
    assertThat(any.lists(a(127, 0, 0, 2))).isTrue();
    assertThat(any.lists(a(127, 255, 255, 254))).as("Spamhaus: public resolver").isFalse();
    assertThat(any.lists(a(127, 255, 255, 255))).as("Spamhaus: over the limit").isFalse();
    assertThat(any.lists(a(10, 0, 0, 2))).as("outside 127/8").isFalse();
    assertThat(BlocklistZone.isError(a(127, 255, 255, 252))).isTrue();
    assertThat(BlocklistZone.isError(a(127, 0, 0, 2))).isFalse();
    assertThat(
            BlocklistZone.parse("bl.test=127.[0..255].[0..255].[0..255]")
                .lists(a(127, 255, 255, 254)))
        .isFalse();
  }

  @Test
  void aListIsParsedAndMistakesAreNamed() {
    assertThat(BlocklistZone.parseList(" Zen.Spamhaus.org=127.0.0.[2..11], , bl.test "))
        .extracting(BlocklistZone::toString)
        .containsExactly("zen.spamhaus.org=127.0.0.[2..11]", "bl.test");
    assertThat(BlocklistZone.parseList("")).isEmpty();
    for (String bad :
        List.of("bl.test=127.0.0", "bl.test=127.0.0.[5..2]", "bl.test=127.0.0.300", "not a zone")) {
      assertThatThrownBy(() -> BlocklistZone.parse(bad))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("'");
    }
    assertThat(Settings.check(Setting.SPAM_DNSBL_ZONES, "a.test,b.test=127.0.0.2"))
        .isEqualTo("a.test, b.test=127.0.0.2");
    assertThatThrownBy(() -> Settings.check(Setting.SPAM_DNSBL_ZONES, "a.test=127.1"))
        .hasMessageContaining("postroom.spam.dnsbl.zones")
        .hasMessageContaining("are not answer codes");
  }
}
