package org.postroom.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class EmailAddressTest {
  @Test
  void comparesWithoutRegardToCase() {
    assertThat(EmailAddress.of("Bob@Example.TEST")).isEqualTo(EmailAddress.of("bob@example.test"));
    assertThat(EmailAddress.of("Bob@Example.TEST").canonical()).isEqualTo("bob@example.test");
    assertThat(EmailAddress.of("Bob@Example.TEST").toString()).isEqualTo("Bob@example.test");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "user%other.example@example.test",
        "@example.test:user@other.example",
        "\"user@other.example\"@example.test",
        "other.example!user@example.test",
        "user@[127.0.0.1]",
        "user",
        "user@localhost",
        ".user@example.test",
        "us..er@example.test",
        "user @example.test",
        "user@exa_mple.test",
        "user\r\nBcc: x@y.test@example.test"
      })
  void refusesRoutingSyntaxAndMalformedAddresses(String text) {
    assertThatThrownBy(() -> EmailAddress.of(text)).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void acceptsCommonRealAddresses() {
    assertThat(EmailAddress.of("first.last+tag@sub.example.org").localPart())
        .isEqualTo("first.last+tag");
    assertThat(EmailAddress.of("o'brien@example.ie").domain()).isEqualTo("example.ie");
    assertThat(EmailAddress.of(" Bob@Example.TEST "))
        .isEqualTo(EmailAddress.of("bob@example.test"));
    assertThat(EmailAddress.of(" Bob@Example.TEST ").canonical()).isEqualTo("bob@example.test");
  }
}
