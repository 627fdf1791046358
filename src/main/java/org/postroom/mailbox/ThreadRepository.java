package org.postroom.mailbox;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import org.postroom.db.Sql;
import org.postroom.mime.MessageSummary;

/**
 * Conversations, assigned when a message is stored. A message joins the thread that knows any of
 * its Message-ID, In-Reply-To or References ids; if those ids belong to several threads (a reply
 * that arrived before its parent started its own), the threads are merged into the oldest. Only a
 * message with neither In-Reply-To nor References joins by subject (same subject without Re:/Fwd:,
 * thread active within {@link #SUBJECT_WINDOW_DAYS} days). Also keeps {@code thread_head}: the
 * newest message of each thread in each folder, which is what the conversation list pages over.
 */
final class ThreadRepository {
  static final int SUBJECT_WINDOW_DAYS = 30;
  static final int MAX_REFS = 50;
  private static final Pattern REPLY_PREFIX =
      Pattern.compile(
          "(?i)^\\s*(?:(?:re|fwd?|aw|wg|sv|vs|antw|tr|rif|ref|odp|res|enc)\\s*(?:\\[\\d+\\])?\\s*[:：]"
              + "|\\[[^\\]]{1,40}\\])\\s*");

  /** The thread for a message about to be stored (created, found or merged). */
  public long assign(Connection c, long accountId, MessageSummary s, OffsetDateTime receivedAt)
      throws SQLException {
    List<String> keys = refKeys(s);
    Set<Long> found = new LinkedHashSet<>();
    Set<String> known = new LinkedHashSet<>();
    for (String k : keys) {
      Sql.one(
              c,
              "select thread_id from thread_ref where account_id = ? and ref_key = ?",
              rs -> rs.getLong(1),
              accountId,
              k)
          .ifPresent(
              t -> {
                found.add(t);
                known.add(k);
              });
    }
    long thread;
    if (found.isEmpty()) {
      boolean hasParentHeaders = notBlank(s.inReplyTo()) || notBlank(s.references());
      String subjectKey = subjectKey(s.subject());
      Long bySubject = null;
      // only a reply or forward (Re:, Fwd: ...) from a client that dropped the headers joins by
      // subject; a new message with a common subject ("Your daily report") starts its own thread
      if (!hasParentHeaders && isReply(s.subject()) && !subjectKey.isEmpty()) {
        bySubject =
            Sql.one(
                    c,
                    "select id from mail_thread where account_id = ? and subject_key = ?"
                        + " and last_received_at >= ?"
                        + " order by account_id, subject_key, last_received_at desc limit 1",
                    rs -> rs.getLong(1),
                    accountId,
                    subjectKey,
                    receivedAt.minusDays(SUBJECT_WINDOW_DAYS))
                .orElse(null);
      }
      thread =
          bySubject != null
              ? bySubject
              : Sql.insert(
                  c,
                  "insert into mail_thread (account_id, subject_key, last_received_at)"
                      + " values (?, ?, ?)",
                  accountId,
                  subjectKey,
                  receivedAt);
    } else {
      thread = found.stream().min(Long::compare).orElseThrow();
      for (long other : found) {
        if (other != thread) {
          merge(c, accountId, thread, other);
        }
      }
    }
    for (String k : keys) {
      if (!known.contains(k)) {
        Sql.update(
            c,
            "insert into thread_ref (account_id, ref_key, thread_id) values (?, ?, ?)",
            accountId,
            k,
            thread);
      }
    }
    Sql.update(
        c,
        "update mail_thread set last_received_at = ? where id = ? and last_received_at < ?",
        receivedAt,
        thread,
        receivedAt);
    return thread;
  }

  /** Moves every message and reference of {@code other} into {@code into}. */
  void merge(Connection c, long accountId, long into, long other) throws SQLException {
    List<Long> folders =
        Sql.list(
            c,
            "select distinct folder_id from message where account_id = ? and thread_id = ?",
            rs -> rs.getLong(1),
            accountId,
            other);
    Sql.update(
        c,
        "update message set thread_id = ? where account_id = ? and thread_id = ?",
        into,
        accountId,
        other);
    Sql.update(c, "update thread_ref set thread_id = ? where thread_id = ?", into, other);
    Sql.update(
        c,
        "update mail_thread set last_received_at = (select max(last_received_at) from mail_thread"
            + " where id in (?, ?)) where id = ?",
        into,
        other,
        into);
    Sql.update(c, "delete from mail_thread where id = ? and account_id = ?", other, accountId);
    for (long f : folders) {
      refreshHead(c, into, f);
    }
  }

  /**
   * Marks the newest message of a thread in a folder as its head (and no other). One walk of the
   * thread's messages in the folder, newest first, along {@code message_thread_ix} (its order by
   * matches only that index, so H2 picks it even on an empty table), then updates by primary key
   * only the rows whose mark is wrong. A single {@code update ... where thread_id = ? and folder_id
   * = ? and thread_head = true} is planned by H2 on {@code message_folder_list_ix} while the table
   * is small (before its automatic ANALYZE), and the MX kept such a plan (cached per pooled
   * connection): each delivery read every message of the Inbox, half the CPU at 10,000 messages.
   */
  public void refreshHead(Connection c, long threadId, long folderId) throws SQLException {
    List<HeadMark> rows =
        Sql.list(
            c,
            "select id, thread_head from message where thread_id = ? and folder_id = ?"
                + " order by thread_id, folder_id, received_at desc, id desc",
            rs -> new HeadMark(rs.getLong(1), rs.getBoolean(2)),
            threadId,
            folderId);
    for (int i = 0; i < rows.size(); i++) {
      boolean head = i == 0;
      if (rows.get(i).head() != head) {
        Sql.update(c, "update message set thread_head = ? where id = ?", head, rows.get(i).id());
      }
    }
  }

  private record HeadMark(long id, boolean head) {}

  /** Own id first, then parents: at most {@link #MAX_REFS} ids, without angle brackets. */
  static List<String> refKeys(MessageSummary s) {
    Set<String> keys = new LinkedHashSet<>();
    addIds(keys, s.messageId());
    addIds(keys, s.inReplyTo());
    List<String> refs = new ArrayList<>();
    addIds(refs, s.references());
    // the nearest ancestors are at the end of References
    for (int i = refs.size() - 1; i >= 0 && keys.size() < MAX_REFS; i--) {
      keys.add(refs.get(i));
    }
    return new ArrayList<>(keys);
  }

  private static void addIds(java.util.Collection<String> out, String header) {
    if (header == null) {
      return;
    }
    java.util.regex.Matcher m = Pattern.compile("<([^<>\\s]{1,490})>").matcher(header);
    boolean any = false;
    while (m.find()) {
      out.add(m.group(1).toLowerCase(Locale.ROOT));
      any = true;
    }
    String bare = header.strip();
    if (!any && !bare.isEmpty() && !bare.contains(" ") && bare.length() <= 490) {
      out.add(bare.toLowerCase(Locale.ROOT));
    }
  }

  /** The subject without reply/forward prefixes and list tags, lower case, single spaces. */
  public static String subjectKey(String subject) {
    if (subject == null) {
      return "";
    }
    String s = subject;
    for (int i = 0; i < 20; i++) {
      String stripped = REPLY_PREFIX.matcher(s).replaceFirst("");
      if (stripped.equals(s)) {
        break;
      }
      s = stripped;
    }
    s = s.strip().replaceAll("\\s+", " ").toLowerCase(Locale.ROOT);
    return s.length() > 200 ? s.substring(0, 200) : s;
  }

  static boolean isReply(String subject) {
    return subject != null
        && REPLY_PREFIX.matcher(subject).lookingAt()
        && !subject.strip().startsWith("[");
  }

  private static boolean notBlank(String s) {
    return s != null && !s.isBlank();
  }
}
