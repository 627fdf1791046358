package org.postroom.smtp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.postroom.core.DeliveryException;
import org.postroom.core.EmailAddress;
import org.postroom.core.SmtpStatus;

class MailPathTest {
  private static SmtpStatus refusal(Runnable r) {
    try {
      r.run();
    } catch (DeliveryException e) {
      return e.status();
    }
    throw new AssertionError("not refused");
  }

  @Test
  void parsesThePathAndItsParameters() {
    MailPath p =
        MailPath.parse(" FROM:<a@b.test> SIZE=100 body=8BITMIME", "FROM:", SmtpReplies.MAIL_SYNTAX);
    assertThat(p.path()).isEqualTo("a@b.test");
    assertThat(p.parameters()).containsEntry("SIZE", "100").containsEntry("BODY", "8BITMIME");
    assertThat(MailPath.parse("from: <>", "FROM:", SmtpReplies.MAIL_SYNTAX).sender()).isEmpty();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"FROM:a@b.test", "FROM:<a@b.test", "TO:<a@b.test>", "FROM:<a@b.test>SIZE=1", ""})
  void refusesLinesOfTheWrongShape(String arg) {
    assertThat(refusal(() -> MailPath.parse(arg, "FROM:", SmtpReplies.MAIL_SYNTAX)))
        .isEqualTo(SmtpReplies.MAIL_SYNTAX);
  }

  /** The classic open-relay tricks: refused as routing before any lookup. */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "user%remote.test@example.test",
        "@example.test:user@remote.test",
        "@a.test,@example.test:user@remote.test",
        "\"user@remote.test\"@example.test",
        "remote.test!user@example.test",
        "user@example.test.",
        "user@[127.0.0.2]",
        "user@remote.test@example.test",
        "user",
        "user\\@remote.test@example.test"
      })
  void refusesRoutingSyntaxWith554(String path) {
    MailPath p = MailPath.parse("TO:<" + path + ">", "TO:", SmtpReplies.RCPT_SYNTAX);
    assertThat(refusal(() -> p.recipient("example.test"))).isEqualTo(SmtpReplies.ROUTING_REFUSED);
    assertThat(SmtpReplies.ROUTING_REFUSED.line()).startsWith("554 5.7.1");
  }

  @Test
  void theBarePostmasterOfRfc5321IsOurs() {
    MailPath p = MailPath.parse("TO:<Postmaster>", "TO:", SmtpReplies.RCPT_SYNTAX);
    assertThat(p.recipient("example.test")).isEqualTo(EmailAddress.of("postmaster@example.test"));
  }

  @Test
  void nonAsciiAddressesNeedSmtputf8() {
    MailPath p = MailPath.parse("TO:<jörg@example.test>", "TO:", SmtpReplies.RCPT_SYNTAX);
    assertThat(refusal(() -> p.recipient("example.test"))).isEqualTo(SmtpReplies.NON_ASCII_ADDRESS);
    MailPath empty = MailPath.parse("TO:<>", "TO:", SmtpReplies.RCPT_SYNTAX);
    assertThat(refusal(() -> empty.recipient("example.test")))
        .isEqualTo(SmtpReplies.BAD_RECIPIENT_SYNTAX);
  }

  @Test
  void aSourceRouteInTheSenderIsIgnored() {
    MailPath p =
        MailPath.parse("FROM:<@relay.test:bob@remote.test>", "FROM:", SmtpReplies.MAIL_SYNTAX);
    assertThat(p.sender()).contains(EmailAddress.of("bob@remote.test"));
    MailPath quoted =
        MailPath.parse("FROM:<\"a b\"@remote.test>", "FROM:", SmtpReplies.MAIL_SYNTAX);
    assertThatThrownBy(quoted::sender).isInstanceOf(DeliveryException.class);
  }
}
