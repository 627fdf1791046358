package org.postroom.mailbox;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Optional;

/** Where a list page ends: the last row's received time and id, as "epochMicros.id" in URLs. */
public record Cursor(OffsetDateTime receivedAt, long id) {
  /**
   * Above every stored message. Lists start from here rather than without a bound: H2 then walks
   * the list index from the start of the range, instead of choosing the foreign-key index on the
   * folder and sorting the whole folder (see docs/adr/0030, "H2 needs the index order").
   */
  public static final Cursor TOP =
      new Cursor(OffsetDateTime.of(9999, 12, 31, 0, 0, 0, 0, ZoneOffset.UTC), Long.MAX_VALUE);

  public static Cursor after(StoredMessage last) {
    return new Cursor(last.receivedAt(), last.id());
  }

  public String token() {
    Instant i = receivedAt.toInstant();
    return (i.getEpochSecond() * 1_000_000L + i.getNano() / 1000) + "." + id;
  }

  /** Parses a token from a URL; anything malformed is the first page. */
  public static Optional<Cursor> parse(String token) {
    if (token == null) {
      return Optional.empty();
    }
    int dot = token.indexOf('.');
    try {
      long micros = Long.parseLong(token.substring(0, dot));
      long id = Long.parseLong(token.substring(dot + 1));
      Instant i =
          Instant.ofEpochSecond(
              Math.floorDiv(micros, 1_000_000L), Math.floorMod(micros, 1_000_000L) * 1000);
      return Optional.of(new Cursor(i.atOffset(ZoneOffset.UTC), id));
    } catch (RuntimeException e) {
      return Optional.empty();
    }
  }
}
