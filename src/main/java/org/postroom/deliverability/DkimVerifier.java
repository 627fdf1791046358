package org.postroom.deliverability;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.security.Signature;
import java.security.interfaces.RSAPublicKey;
import java.security.spec.X509EncodedKeySpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import org.postroom.core.RawMessage;
import org.postroom.dns.DnsAnswer;
import org.postroom.dns.DnsResolver;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/**
 * Verifies the DKIM signatures of a message (RFC 6376 section 6): rsa-sha256 (keys of at least 1024
 * bits, RFC 8301) and ed25519-sha256 (RFC 8463); rsa-sha1 is refused. Keys come from {@code
 * <s>._domainkey.<d>} through {@link DnsResolver}. At most {@value #MAX_SIGNATURES} signatures are
 * checked, so a message cannot make us do unbounded work.
 */
public final class DkimVerifier {
  static final int MAX_SIGNATURES = 5;
  private static final byte[] ED25519_SPKI_PREFIX = {
    0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00
  };

  /** The result of one signature, as in RFC 8601's dkim method. */
  public enum Status {
    PASS,
    FAIL,
    NEUTRAL,
    TEMPERROR,
    PERMERROR;

    public String token() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /**
   * One signature's outcome.
   *
   * @param domain its {@code d=} (empty when unreadable)
   * @param selector its {@code s=}
   * @param b the first characters of {@code b=}, to tell signatures apart (RFC 6008)
   * @param reason why it did not pass (empty on pass)
   */
  public record Result(Status status, String domain, String selector, String b, String reason) {}

  private final DnsResolver dns;

  public DkimVerifier(DnsResolver dns) {
    this.dns = dns;
  }

  /** Every signature of the message (at most five), in the order they appear. */
  public List<Result> verify(RawMessage raw, Instant now) throws IOException {
    MessageHead head = MessageHead.of(raw);
    List<Result> out = new ArrayList<>();
    for (MessageHead.Field sig : head.all("DKIM-Signature")) {
      if (out.size() == MAX_SIGNATURES) {
        break;
      }
      out.add(verifyOne(raw, head, sig, now));
    }
    return out;
  }

  private Result verifyOne(RawMessage raw, MessageHead head, MessageHead.Field sig, Instant now)
      throws IOException {
    TagList t = TagList.parse(sig.value(), false);
    String d = t.getOr("d", "").toLowerCase(Locale.ROOT);
    String s = t.getOr("s", "");
    String b = TagList.compact(t.getOr("b", ""));
    String shortB = b.substring(0, Math.min(8, b.length()));
    if (!t.isValid()) {
      return new Result(Status.PERMERROR, d, s, shortB, "unreadable signature: " + t.problem());
    }
    for (String required : List.of("v", "a", "b", "bh", "d", "h", "s")) {
      if (!t.has(required)) {
        return new Result(Status.PERMERROR, d, s, shortB, "signature lacks " + required + "=");
      }
    }
    if (!"1".equals(t.getOr("v", ""))) {
      return new Result(Status.PERMERROR, d, s, shortB, "unknown version " + t.getOr("v", ""));
    }
    String a = t.getOr("a", "").toLowerCase(Locale.ROOT);
    if (!a.equals("rsa-sha256") && !a.equals("ed25519-sha256")) {
      return new Result(Status.PERMERROR, d, s, shortB, "algorithm " + a + " is not accepted");
    }
    List<String> names =
        Arrays.stream(t.getOr("h", "").split(":"))
            .map(x -> x.strip().toLowerCase(Locale.ROOT))
            .toList();
    if (!names.contains("from")) {
      return new Result(Status.PERMERROR, d, s, shortB, "From is not signed");
    }
    String i = t.getOr("i", "@" + d).toLowerCase(Locale.ROOT);
    String iDomain = i.substring(i.lastIndexOf('@') + 1);
    if (!iDomain.equals(d) && !iDomain.endsWith("." + d)) {
      return new Result(Status.PERMERROR, d, s, shortB, "i= is not within d=");
    }
    if (t.has("x")) {
      try {
        if (Long.parseLong(t.getOr("x", "")) < now.getEpochSecond()) {
          return new Result(Status.PERMERROR, d, s, shortB, "signature expired");
        }
      } catch (NumberFormatException e) {
        return new Result(Status.PERMERROR, d, s, shortB, "bad x=");
      }
    }
    String[] canon = t.getOr("c", "simple/simple").toLowerCase(Locale.ROOT).split("/", 2);
    boolean relaxedHeader = canon[0].equals("relaxed");
    boolean relaxedBody = canon.length > 1 && canon[1].equals("relaxed");
    if (!(canon[0].equals("simple") || relaxedHeader)
        || (canon.length > 1 && !(canon[1].equals("simple") || relaxedBody))) {
      return new Result(Status.PERMERROR, d, s, shortB, "unknown canonicalization");
    }
    long limit = -1;
    if (t.has("l")) {
      try {
        limit = Long.parseLong(t.getOr("l", ""));
      } catch (NumberFormatException e) {
        return new Result(Status.PERMERROR, d, s, shortB, "bad l=");
      }
    }

    // the key
    String keyName = s + "._domainkey." + d;
    DnsAnswer answer = dns.lookup(keyName, Type.TXT);
    if (answer.status() == DnsAnswer.Status.TEMPFAIL) {
      return new Result(Status.TEMPERROR, d, s, shortB, "key lookup failed: " + answer.detail());
    }
    List<TXTRecord> txt = answer.recordsOf(TXTRecord.class);
    if (txt.isEmpty()) {
      return new Result(Status.PERMERROR, d, s, shortB, "no key at " + keyName);
    }
    TagList k = TagList.parse(TxtStrings.join(txt.get(0)), false);
    String p = TagList.compact(k.getOr("p", ""));
    if (!k.isValid() || (k.has("v") && !"DKIM1".equals(k.getOr("v", "")))) {
      return new Result(Status.PERMERROR, d, s, shortB, "unreadable key record");
    }
    if (p.isEmpty()) {
      return new Result(Status.PERMERROR, d, s, shortB, "key revoked");
    }
    String keyType = k.getOr("k", "rsa").toLowerCase(Locale.ROOT);
    if (!a.startsWith(keyType + "-")) {
      return new Result(
          Status.PERMERROR, d, s, shortB, "key type " + keyType + " does not fit " + a);
    }
    PublicKey key;
    try {
      byte[] der = Base64.getDecoder().decode(p);
      if (keyType.equals("ed25519")) {
        byte[] spki = Arrays.copyOf(ED25519_SPKI_PREFIX, ED25519_SPKI_PREFIX.length + der.length);
        System.arraycopy(der, 0, spki, ED25519_SPKI_PREFIX.length, der.length);
        key = KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(spki));
      } else {
        key = KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(der));
        if (((RSAPublicKey) key).getModulus().bitLength() < 1024) {
          return new Result(Status.PERMERROR, d, s, shortB, "RSA key shorter than 1024 bits");
        }
      }
    } catch (IllegalArgumentException | GeneralSecurityException | ClassCastException e) {
      return new Result(Status.PERMERROR, d, s, shortB, "unusable key: " + e.getMessage());
    }

    // the body
    byte[] bodyHash;
    try (InputStream in = new java.io.BufferedInputStream(raw.open(), 65536)) {
      MessageHead.read(in);
      bodyHash = BodyHash.of(in, relaxedBody, limit);
    }
    byte[] expectedBodyHash;
    try {
      expectedBodyHash = Base64.getDecoder().decode(TagList.compact(t.getOr("bh", "")));
    } catch (IllegalArgumentException e) {
      return new Result(Status.PERMERROR, d, s, shortB, "bad bh=");
    }
    if (!MessageDigest.isEqual(bodyHash, expectedBodyHash)) {
      return new Result(Status.FAIL, d, s, shortB, "body hash did not verify");
    }

    // the header
    StringBuilder data = new StringBuilder();
    for (MessageHead.Field f : DkimSigner.selectFields(head, names)) {
      data.append(relaxedHeader ? MessageHead.relaxed(f) : MessageHead.simple(f));
    }
    MessageHead.Field withoutB =
        new MessageHead.Field(sig.name(), withoutSignatureValue(sig.raw()));
    String own = relaxedHeader ? MessageHead.relaxed(withoutB) : MessageHead.simple(withoutB);
    data.append(own, 0, own.length() - 2);
    try {
      byte[] signed = data.toString().getBytes(StandardCharsets.ISO_8859_1);
      Signature v;
      if (keyType.equals("ed25519")) {
        v = Signature.getInstance("Ed25519");
        v.initVerify(key);
        v.update(MessageDigest.getInstance("SHA-256").digest(signed));
      } else {
        v = Signature.getInstance("SHA256withRSA");
        v.initVerify(key);
        v.update(signed);
      }
      if (v.verify(Base64.getDecoder().decode(b))) {
        return new Result(Status.PASS, d, s, shortB, "");
      }
      return new Result(Status.FAIL, d, s, shortB, "signature did not verify");
    } catch (IllegalArgumentException | GeneralSecurityException e) {
      return new Result(Status.FAIL, d, s, shortB, "signature did not verify: " + e.getMessage());
    }
  }

  /** The field with the value of its b= tag removed (RFC 6376 3.7), everything else unchanged. */
  static String withoutSignatureValue(String rawField) {
    int colon = rawField.indexOf(':');
    String name = rawField.substring(0, colon + 1);
    String value = rawField.substring(colon + 1);
    return name + value.replaceAll("(^|;)([ \t\r\n]*b[ \t\r\n]*=)[^;]*", "$1$2");
  }
}
