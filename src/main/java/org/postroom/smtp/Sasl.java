package org.postroom.smtp;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.postroom.core.DeliveryException;

/**
 * Decoding of the two SASL mechanisms Postroom offers: PLAIN (RFC 4616) and LOGIN (the
 * draft-murchison-sasl-login that every mail program speaks). Both carry the password itself, so
 * they are offered only inside TLS.
 */
public final class Sasl {
  /** The LOGIN mechanism's prompts, base64 of "Username:" and "Password:". */
  public static final String LOGIN_USERNAME_PROMPT = "VXNlcm5hbWU6";

  public static final String LOGIN_PASSWORD_PROMPT = "UGFzc3dvcmQ6";

  private Sasl() {}

  /** A user name and password as the client sent them. */
  public record Credentials(String user, String password) {
    @Override
    public String toString() {
      return "Credentials[" + user + "]";
    }
  }

  /**
   * Decodes a PLAIN response: {@code authzid NUL authcid NUL passwd}. An authorisation identity, if
   * given, must be the user itself (nobody may act as someone else).
   *
   * @throws DeliveryException 501 5.5.2 when it is not that shape
   */
  public static Credentials plain(String base64) {
    String text = text(base64);
    int first = text.indexOf('\0');
    int second = first < 0 ? -1 : text.indexOf('\0', first + 1);
    if (first < 0 || second < 0 || text.indexOf('\0', second + 1) >= 0) {
      throw new DeliveryException(SmtpReplies.AUTH_SYNTAX);
    }
    String authz = text.substring(0, first);
    String user = text.substring(first + 1, second);
    String password = text.substring(second + 1);
    if (user.isEmpty() || (!authz.isEmpty() && !authz.equalsIgnoreCase(user))) {
      throw new DeliveryException(SmtpReplies.AUTH_SYNTAX);
    }
    return new Credentials(user, password);
  }

  /**
   * Decodes one base64 line of the LOGIN exchange to text (UTF-8).
   *
   * @throws DeliveryException 501 5.5.2 when it is not base64 of UTF-8 text
   */
  public static String text(String base64) {
    try {
      byte[] bytes = Base64.getDecoder().decode(base64.strip());
      return StandardCharsets.UTF_8
          .newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes))
          .toString();
    } catch (IllegalArgumentException | CharacterCodingException e) {
      throw new DeliveryException(SmtpReplies.AUTH_SYNTAX);
    }
  }
}
