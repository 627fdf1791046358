package org.postroom.deliverability;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The webmail's mark comes only from the first Authentication-Results field with our host name. */
class AuthenticationResultsTest {
  static final String HOST = "mail.example.test";

  static byte[] message(String headers) {
    return (headers + "From: a@remote.test\r\nSubject: x\r\n\r\nbody\r\n")
        .getBytes(StandardCharsets.US_ASCII);
  }

  @Test
  void readsTheResultsOfOurOwnField() {
    AuthenticationResults.Mark m =
        AuthenticationResults.read(
                message(
                    "Authentication-Results: mail.example.test;\r\n\tspf=softfail (not listed)"
                        + " smtp.mailfrom=remote.test;\r\n\tspf=pass smtp.helo=mx.remote.test;\r\n"
                        + "\tdkim=fail (body hash did not verify) header.d=remote.test;\r\n"
                        + "\tdkim=pass header.d=remote.test header.s=s2 header.b=\"ab/c+=\";\r\n"
                        + "\tdmarc=pass (p=reject) header.from=remote.test\r\n"),
                HOST)
            .orElseThrow();
    assertThat(m.verified()).isTrue();
    assertThat(m.spf()).isEqualTo("softfail"); // the envelope sender's, not the HELO's
    assertThat(m.dkim()).isEqualTo("pass"); // any passing signature
    assertThat(m.from()).isEqualTo("remote.test");
  }

  @Test
  void ignoresFieldsOfOtherHostsAndEverythingBelowOurs() {
    byte[] raw =
        message(
            "Authentication-Results: mx.other.test; dmarc=pass header.from=remote.test\r\n"
                + "Authentication-Results: mail.example.test; none\r\n"
                + "Authentication-Results: mail.example.test; dmarc=pass header.from=remote.test\r\n");
    AuthenticationResults.Mark m = AuthenticationResults.read(raw, HOST).orElseThrow();
    assertThat(m.verified()).isFalse();
    assertThat(m.summary()).isEqualTo("SPF none, DKIM none, DMARC none");
  }

  @Test
  void mailThatNeverPassedTheMxHasNoMark() {
    assertThat(AuthenticationResults.read(message(""), HOST)).isEmpty();
    assertThat(
            AuthenticationResults.read(
                message("Authentication-Results: mail.example.test.evil.test; dmarc=pass\r\n"),
                HOST))
        .isEmpty();
  }
}
