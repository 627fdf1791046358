package org.postroom.delivery;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.postroom.core.EmailAddress;
import org.postroom.core.RawMessage;

class MessageSentTest {
  static RawMessage message(String headers) {
    return RawMessage.of((headers + "\r\n\r\nbody\r\n").getBytes(StandardCharsets.UTF_8));
  }

  static List<EmailAddress> envelope(String... addresses) {
    return java.util.Arrays.stream(addresses)
        .map(a -> EmailAddress.parse(a).orElseThrow())
        .toList();
  }

  @Test
  void everyRecipientKeepsTheNameTheHeadersGaveIt() {
    MessageSent s =
        MessageSent.named(
            7,
            envelope(
                "ann@remote.test", "bob@remote.test", "hidden@remote.test", "bare@remote.test"),
            message(
                "From: me@example.test\r\nTo: Ann Lee <ANN@remote.test>, bare@remote.test\r\n"
                    + "Cc: =?UTF-8?Q?Bj=C3=B6rn_Borg?= <bob@remote.test>\r\n"
                    + "Bcc: \"Lee, Hidden\" <hidden@remote.test>"));
    assertThat(s.accountId()).isEqualTo(7);
    assertThat(s.recipients())
        .containsExactly(
            "Ann Lee <ann@remote.test>",
            "\"Björn Borg\" <bob@remote.test>",
            "\"Lee, Hidden\" <hidden@remote.test>",
            "bare@remote.test");
  }

  @Test
  void headersThatDoNotParseLeaveTheAddressesBare() {
    MessageSent s =
        MessageSent.named(1, envelope("ann@remote.test"), message("To: <<<broken\r\nSubject: x"));
    assertThat(s.recipients()).containsExactly("ann@remote.test");
  }
}
