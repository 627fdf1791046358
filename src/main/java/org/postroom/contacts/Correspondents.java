package org.postroom.contacts;

import jakarta.mail.internet.InternetAddress;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.postroom.account.Account;
import org.postroom.account.AccountService;
import org.postroom.mailbox.MailStore;
import org.postroom.mime.MailAddress;

/**
 * Addresses found in existing mail for autocomplete: the senders of the user's messages and the
 * recipients of the user's sent messages (both scoped by account, read through the mailbox), and
 * the domain's users (through the account service).
 */
final class Correspondents {
  /**
   * How many distinct matches are taken per source. No ORDER BY: the database may stop at this many
   * instead of sorting every match of a short prefix in a large mailbox.
   */
  static final int SCAN = 200;

  private final MailStore store;
  private final AccountService accounts;

  Correspondents(MailStore store, AccountService accounts) {
    this.store = store;
    this.accounts = accounts;
  }

  List<MailAddress> senders(Connection c, long accountId, String text) throws SQLException {
    return store.senders(c, accountId, ContactRepository.containing(text), SCAN);
  }

  /** Recipients (To and Cc) of messages in the user's Sent folder whose text matches. */
  List<MailAddress> recipients(Connection c, long accountId, String text) throws SQLException {
    List<MailAddress> out = new ArrayList<>();
    for (String list :
        store.sentRecipientLists(c, accountId, ContactRepository.containing(text), SCAN)) {
      out.addAll(parse(list));
    }
    return out;
  }

  List<MailAddress> localUsers(Connection c, String text, int limit) throws SQLException {
    List<MailAddress> out = new ArrayList<>();
    for (Account a : accounts.matching(c, ContactRepository.containing(text), limit)) {
      out.add(new MailAddress(a.displayName(), a.address().toString()));
    }
    return out;
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
