package org.postroom.contacts;

import jakarta.mail.internet.InternetAddress;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.postroom.db.Sql;
import org.postroom.mime.MailAddress;

/**
 * Addresses found in existing tables for autocomplete: the senders of the user's messages, the
 * recipients of the user's sent messages (both scoped by account), and the domain's users.
 */
final class Correspondents {
  /**
   * How many distinct matches are taken per source. No ORDER BY: the database may stop at this many
   * instead of sorting every match of a short prefix in a large mailbox.
   */
  static final int SCAN = 200;

  List<MailAddress> senders(Connection c, long accountId, String text) throws SQLException {
    String like = ContactRepository.containing(text);
    return Sql.list(
        c,
        "select distinct from_name, from_address from message where account_id = ?"
            + " and from_address is not null"
            + " and (lower(from_address) like ? escape '\\' or lower(from_name) like ? escape '\\')"
            + " limit ?",
        rs -> new MailAddress(nonNull(rs.getString(1)), rs.getString(2)),
        accountId,
        like,
        like,
        SCAN);
  }

  /** Recipients (To and Cc) of messages in the user's Sent folder whose text matches. */
  List<MailAddress> recipients(Connection c, long accountId, String text) throws SQLException {
    String like = ContactRepository.containing(text);
    List<String> lists =
        Sql.list(
            c,
            "select distinct m.to_list, m.cc_list from message m join folder f on f.id = m.folder_id"
                + " where m.account_id = ? and f.account_id = ? and f.role = 'SENT'"
                + " and (lower(m.to_list) like ? escape '\\' or lower(m.cc_list) like ? escape '\\')"
                + " limit ?",
            rs -> nonNull(rs.getString(1)) + ", " + nonNull(rs.getString(2)),
            accountId,
            accountId,
            like,
            like,
            SCAN);
    List<MailAddress> out = new ArrayList<>();
    for (String list : lists) {
      out.addAll(parse(list));
    }
    return out;
  }

  List<MailAddress> localUsers(Connection c, String text, int limit) throws SQLException {
    String like = ContactRepository.containing(text);
    return Sql.list(
        c,
        "select display_name, address from account where enabled = true"
            + " and (address like ? escape '\\' or lower(display_name) like ? escape '\\')"
            + " order by address limit ?",
        rs -> new MailAddress(rs.getString(1), rs.getString(2)),
        like,
        like,
        limit);
  }

  /** An address list as stored ("Name <a@b>, c@d"); what does not parse is left out. */
  static List<MailAddress> parse(String list) {
    List<MailAddress> out = new ArrayList<>();
    try {
      for (InternetAddress a : InternetAddress.parseHeader(list, false)) {
        if (a.getAddress() != null && a.getAddress().contains("@")) {
          out.add(new MailAddress(nonNull(a.getPersonal()), a.getAddress()));
        }
      }
    } catch (Exception e) {
      // a list Jakarta Mail cannot read offers nothing
    }
    return out;
  }

  private static String nonNull(String s) {
    return s == null ? "" : s;
  }
}
