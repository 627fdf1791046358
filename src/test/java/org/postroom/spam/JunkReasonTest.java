package org.postroom.spam;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class JunkReasonTest {
  static byte[] b(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  @Test
  void ourFieldsAboveOurReceivedFieldAreRead() {
    JunkReason r =
        JunkReason.of(
                b(
                    "Return-Path: <a@remote.test>\r\nX-Spam: Yes\r\nX-Spam-Result: rspamd;"
                        + " action=add header; score=8.90/15.00;\r\n\tsymbols=SPAMMY(8.00),"
                        + " R_SPF_FAIL(0.90)\r\nReceived: from x by mail.example.test (Postroom)\r\n"
                        + "Subject: s\r\n\r\nbody"))
            .orElseThrow();
    assertThat(r.score()).isEqualTo("8.90");
    assertThat(r.rejectAt()).isEqualTo("15.00");
    assertThat(r.symbols()).isEqualTo("SPAMMY(8.00), R_SPF_FAIL(0.90)");
    assertThat(r.attachment()).isNull();
    assertThat(
            JunkReason.of(
                    b(
                        "X-Spam: Yes\r\nX-Spam-Attachment: program or script a.zip: b.exe\r\n"
                            + "Received: from x\r\n\r\n"))
                .orElseThrow()
                .attachment())
        .isEqualTo("a.zip: b.exe");
  }

  @Test
  void aSendersOwnFieldBelowOurReceivedFieldIsNeverTakenForOurs() {
    assertThat(
            JunkReason.of(
                b(
                    "Return-Path: <a@remote.test>\r\nReceived: from x by mail.example.test"
                        + " (Postroom)\r\nX-Spam-Result: rspamd; action=add header;"
                        + " score=99.00/15.00; symbols=FORGED(99.00)\r\n\r\nbody")))
        .isEmpty();
    assertThat(JunkReason.of(b("X-Spam-Result: not scanned (content filter unavailable)\r\n\r\n")))
        .as("not scanned explains nothing")
        .isEmpty();
  }
}
