package org.postroom.deliverability;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.postroom.core.RawMessage;

/**
 * Signs a message with DKIM (RFC 6376): rsa-sha256, relaxed/relaxed, over From, Reply-To, To, Cc,
 * Subject, Date, Message-ID, MIME-Version, Content-Type, In-Reply-To and References as far as the
 * message has them. From, Reply-To, To, Cc, Subject and Date are also listed once more than they
 * occur (over-signed, RFC 6376 8.15), so nobody can add one of them after signing, not even one the
 * message did not have (a Reply-To on a replayed message). The signature field is put in front of
 * the message; the rest of the bytes are unchanged.
 */
public final class DkimSigner {
  /** The header fields we sign, in the order they are listed in {@code h=}. */
  public static final List<String> SIGNED_HEADERS =
      List.of(
          "from",
          "reply-to",
          "to",
          "cc",
          "subject",
          "date",
          "message-id",
          "mime-version",
          "content-type",
          "in-reply-to",
          "references");

  /** Listed once more than they occur: adding one later breaks the signature. */
  public static final List<String> OVER_SIGNED =
      List.of("from", "reply-to", "to", "cc", "subject", "date");

  private final String domain;
  private final String selector;
  private final PrivateKey key;

  public DkimSigner(String domain, String selector, PrivateKey key) {
    this.domain = domain;
    this.selector = selector;
    this.key = key;
  }

  public String domain() {
    return domain;
  }

  public String selector() {
    return selector;
  }

  /** The message with a DKIM-Signature field in front. */
  public RawMessage sign(RawMessage raw, Instant now) throws IOException {
    return raw.withPrefix((signatureField(raw, now) + "\r\n").getBytes(StandardCharsets.US_ASCII));
  }

  /** The DKIM-Signature field (folded, without the final CRLF). */
  public String signatureField(RawMessage raw, Instant now) throws IOException {
    MessageHead head;
    byte[] bodyHash;
    try (InputStream in = new java.io.BufferedInputStream(raw.open(), 65536)) {
      head = MessageHead.read(in);
      bodyHash = BodyHash.of(in, true, -1);
    }
    List<String> names = new ArrayList<>();
    for (String h : SIGNED_HEADERS) {
      for (int i = 0; i < head.all(h).size(); i++) {
        names.add(h);
      }
    }
    names.addAll(OVER_SIGNED); // a field added later breaks the signature
    String unsigned =
        "DKIM-Signature: v=1; a=rsa-sha256; c=relaxed/relaxed; d="
            + domain
            + "; s="
            + selector
            + ";\r\n\tt="
            + now.getEpochSecond()
            + "; h="
            + String.join(":", names)
            + ";\r\n\tbh="
            + Base64.getEncoder().encodeToString(bodyHash)
            + ";\r\n\tb=";
    StringBuilder data = new StringBuilder();
    for (MessageHead.Field f : selectFields(head, names)) {
      data.append(MessageHead.relaxed(f));
    }
    String own = MessageHead.relaxed(new MessageHead.Field("DKIM-Signature", unsigned));
    data.append(own, 0, own.length() - 2); // the signature field itself, without CRLF (3.7)
    byte[] sig;
    try {
      Signature s = Signature.getInstance("SHA256withRSA");
      s.initSign(key);
      s.update(data.toString().getBytes(StandardCharsets.ISO_8859_1));
      sig = s.sign();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("DKIM signing failed: " + e.getMessage(), e);
    }
    return unsigned + fold(Base64.getEncoder().encodeToString(sig));
  }

  /**
   * The fields {@code h=} names, each name taken from the bottom up (RFC 6376 5.4.2); a name listed
   * more often than it occurs contributes nothing for the extra occurrences.
   */
  static List<MessageHead.Field> selectFields(MessageHead head, List<String> names) {
    Map<String, Integer> used = new HashMap<>();
    List<MessageHead.Field> out = new ArrayList<>();
    for (String n : names) {
      String name = n.strip().toLowerCase(Locale.ROOT);
      List<MessageHead.Field> all = head.all(name);
      int k = used.merge(name, 1, Integer::sum);
      if (k <= all.size()) {
        out.add(all.get(all.size() - k));
      }
    }
    return out;
  }

  private static String fold(String b64) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < b64.length(); i += 72) {
      if (i > 0) {
        sb.append("\r\n\t ");
      }
      sb.append(b64, i, Math.min(b64.length(), i + 72));
    }
    return sb.toString();
  }
}
