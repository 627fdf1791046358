package org.postroom.contacts;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.text.Normalizer;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.postroom.db.Sql;

/** The contact table; every query is scoped by the owning account's id. */
final class ContactRepository {
  private static final String COLUMNS =
      "id, display_name, address, note, origin, use_count, updated_at";

  List<Contact> list(Connection c, long accountId, String query, int limit) throws SQLException {
    if (query == null || query.isBlank()) {
      return Sql.list(
          c,
          "select "
              + COLUMNS
              + " from contact where account_id = ?"
              + " order by lower(display_name), address_key limit ?",
          ContactRepository::map,
          accountId,
          limit);
    }
    foldMissing(c, accountId);
    return Sql.list(
        c,
        "select "
            + COLUMNS
            + " from contact where account_id = ? and folded like ? escape '\\'"
            + " order by lower(display_name), address_key limit ?",
        ContactRepository::map,
        accountId,
        containing(query),
        limit);
  }

  /** Contacts whose name or address contains the text; the user's own first, then most used. */
  List<Contact> matching(Connection c, long accountId, String text, int limit) throws SQLException {
    foldMissing(c, accountId);
    return Sql.list(
        c,
        "select "
            + COLUMNS
            + " from contact where account_id = ? and folded like ? escape '\\'"
            + " order by origin desc, use_count desc, lower(display_name) limit ?",
        ContactRepository::map,
        accountId,
        containing(text),
        limit);
  }

  /** Folds the rows stored before contacts were folded (at most a few hundred at a time). */
  private static void foldMissing(Connection c, long accountId) throws SQLException {
    for (int round = 0; round < 100; round++) {
      List<Contact> todo =
          Sql.list(
              c,
              "select "
                  + COLUMNS
                  + " from contact where account_id = ? and folded is null limit 500",
              ContactRepository::map,
              accountId);
      if (todo.isEmpty()) {
        return;
      }
      for (Contact t : todo) {
        Sql.update(
            c,
            "update contact set folded = ? where account_id = ? and id = ?",
            folded(t.name(), t.address(), t.note()),
            accountId,
            t.id());
      }
    }
  }

  List<Contact> all(Connection c, long accountId) throws SQLException {
    return list(c, accountId, null, Integer.MAX_VALUE);
  }

  long count(Connection c, long accountId) throws SQLException {
    return Sql.count(c, "select count(*) from contact where account_id = ?", accountId);
  }

  Optional<Contact> find(Connection c, long accountId, long id) throws SQLException {
    return Sql.one(
        c,
        "select " + COLUMNS + " from contact where account_id = ? and id = ?",
        ContactRepository::map,
        accountId,
        id);
  }

  Optional<Contact> findByAddress(Connection c, long accountId, String address)
      throws SQLException {
    return Sql.one(
        c,
        "select " + COLUMNS + " from contact where account_id = ? and address_key = ?",
        ContactRepository::map,
        accountId,
        key(address));
  }

  long insert(
      Connection c,
      long accountId,
      String name,
      String address,
      String note,
      Contact.Origin origin,
      OffsetDateTime now)
      throws SQLException {
    boolean collected = origin == Contact.Origin.COLLECTED;
    return Sql.insert(
        c,
        "insert into contact (account_id, display_name, address, address_key, note, origin,"
            + " use_count, last_used_at, created_at, updated_at, folded)"
            + " values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        accountId,
        name,
        address,
        key(address),
        note,
        origin.name(),
        collected ? 1 : 0,
        collected ? now : null,
        now,
        now,
        folded(name, address, note));
  }

  void update(
      Connection c,
      long accountId,
      long id,
      String name,
      String address,
      String note,
      Contact.Origin origin,
      OffsetDateTime now)
      throws SQLException {
    Sql.update(
        c,
        "update contact set display_name = ?, address = ?, address_key = ?, note = ?, origin = ?,"
            + " updated_at = ?, folded = ? where account_id = ? and id = ?",
        name,
        address,
        key(address),
        note,
        origin.name(),
        now,
        folded(name, address, note),
        accountId,
        id);
  }

  /** Counts one more message sent to the contact; a collected contact without a name gets one. */
  void used(Connection c, long accountId, long id, String name, OffsetDateTime now)
      throws SQLException {
    Sql.update(
        c,
        "update contact set use_count = use_count + 1, last_used_at = ?,"
            + " display_name = case when origin = 'COLLECTED' and display_name = '' then ?"
            + " else display_name end, folded = null where account_id = ? and id = ?",
        now,
        name,
        accountId,
        id);
  }

  boolean delete(Connection c, long accountId, long id) throws SQLException {
    return Sql.update(c, "delete from contact where account_id = ? and id = ?", accountId, id) > 0;
  }

  static String key(String address) {
    return address.toLowerCase(Locale.ROOT);
  }

  /**
   * Text as search compares it: lower case, accents and other marks taken off ("José" is "jose",
   * "Müller" "muller"), and the letters Unicode does not decompose spelled out (ß, æ, ø, ł, đ).
   */
  static String fold(String text) {
    String d = Normalizer.normalize(text == null ? "" : text, Normalizer.Form.NFKD);
    d = d.replaceAll("\\p{M}+", "").toLowerCase(Locale.ROOT);
    return d.replace("ß", "ss")
        .replace("æ", "ae")
        .replace("œ", "oe")
        .replace("ø", "o")
        .replace("ł", "l")
        .replace("đ", "d")
        .replace("ı", "i");
  }

  private static String folded(String name, String address, String note) {
    String f = fold(name) + "\n" + fold(address) + "\n" + fold(note);
    return f.length() > 2400 ? f.substring(0, 2400) : f;
  }

  /** A LIKE pattern for "contains", folded, with the user's % and _ taken literally. */
  static String containing(String text) {
    String t = fold(text.strip());
    return "%" + t.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
  }

  private static Contact map(ResultSet rs) throws SQLException {
    return new Contact(
        rs.getLong("id"),
        rs.getString("display_name"),
        rs.getString("address"),
        rs.getString("note"),
        Contact.Origin.valueOf(rs.getString("origin")),
        rs.getInt("use_count"),
        Sql.timestamp(rs, "updated_at"));
  }
}
