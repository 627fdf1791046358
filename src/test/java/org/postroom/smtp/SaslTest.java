package org.postroom.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.postroom.core.DeliveryException;

class SaslTest {
  private static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void plainCarriesUserAndPassword() {
    assertThat(Sasl.plain(b64("\0alice@example.test\0sécret")))
        .isEqualTo(new Sasl.Credentials("alice@example.test", "sécret"));
    assertThat(Sasl.plain(b64("alice@example.test\0alice@example.test\0pw")).user())
        .isEqualTo("alice@example.test");
  }

  @Test
  void plainRefusesActingAsSomeoneElseAndMalformedData() {
    assertThatThrownBy(() -> Sasl.plain(b64("bob@example.test\0alice@example.test\0pw")))
        .isInstanceOf(DeliveryException.class);
    assertThatThrownBy(() -> Sasl.plain(b64("alice\0pw"))).isInstanceOf(DeliveryException.class);
    assertThatThrownBy(() -> Sasl.plain("not base64!")).isInstanceOf(DeliveryException.class);
    assertThatThrownBy(
            () -> Sasl.text(Base64.getEncoder().encodeToString(new byte[] {(byte) 0xff})))
        .isInstanceOf(DeliveryException.class);
  }

  @Test
  void theLoginPromptsAreTheUsualOnes() {
    assertThat(Sasl.text(Sasl.LOGIN_USERNAME_PROMPT)).isEqualTo("Username:");
    assertThat(Sasl.text(Sasl.LOGIN_PASSWORD_PROMPT)).isEqualTo("Password:");
  }
}
