package org.postroom.mailbox;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.security.enterprise.SecurityContext;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.postroom.account.Account;
import org.postroom.account.AccountService;
import org.postroom.account.Quota;
import org.postroom.core.ConflictException;
import org.postroom.core.EmailAddress;
import org.postroom.core.ForbiddenException;
import org.postroom.core.NotFoundException;
import org.postroom.core.RawMessage;
import org.postroom.core.ValidationException;
import org.postroom.db.Database;
import org.postroom.db.Sql;

/**
 * An admin brings existing mail into a user's mailbox (moving from another provider): messages go
 * through the same {@link MailStore#append} as delivered mail (threads, search, counters), keep
 * their Date as received time, and count against the quota. Commits every {@link #BATCH} messages,
 * so a large mbox is imported in bounded transactions; what was committed stays if a later message
 * fails, and the error says how many got in.
 */
@ApplicationScoped
public class MailImport {
  static final int BATCH = 100;
  private final FolderRepository folders = new FolderRepository();
  private final MessageRepository messages = new MessageRepository();

  @Inject Database db;
  @Inject SecurityContext security;
  @Inject AccountService accounts;
  @Inject Quota quota;
  @Inject MailStore store;

  /** What an import did. */
  public record Imported(String folder, int count, List<Long> firstIds) {}

  public Imported importMessages(
      String address, String folderName, boolean seen, Iterator<byte[]> source) {
    if (security.getCallerPrincipal() == null || !security.isCallerInRole("admin")) {
      throw new ForbiddenException("Only admins may do this.");
    }
    EmailAddress a;
    try {
      a = EmailAddress.of(address);
    } catch (IllegalArgumentException e) {
      throw new NotFoundException("No account " + address + ".");
    }
    Account account =
        accounts
            .byAddress(a)
            .orElseThrow(() -> new NotFoundException("No account " + address + "."));
    Folder folder = db.transaction(c -> folderFor(c, account.id(), folderName));
    List<Long> ids = new ArrayList<>();
    int count = 0;
    MessageFlags flags = seen ? MessageFlags.SEEN : MessageFlags.NONE;
    while (source.hasNext()) {
      List<byte[]> batch = new ArrayList<>();
      while (source.hasNext() && batch.size() < BATCH) {
        byte[] m = source.next();
        if (m.length > 0) {
          batch.add(m);
        }
      }
      int before = count;
      try {
        List<Long> stored =
            db.transaction(
                c -> {
                  List<Long> out = new ArrayList<>();
                  Account locked = quota.lock(c, account.id()).orElseThrow();
                  long used = locked.usedBytes();
                  for (byte[] bytes : batch) {
                    RawMessage raw = RawMessage.of(bytes);
                    if (locked.quotaBytes() > 0 && used + bytes.length > locked.quotaBytes()) {
                      throw new ConflictException(
                          "quota", "The mailbox of " + address + " is full.");
                    }
                    MailStore.Incoming in = MailStore.prepare(raw);
                    OffsetDateTime at = receivedAt(in);
                    long blob = messages.insertBlob(c, raw, 1);
                    out.add(
                        store.append(
                            c, account.id(), folder.id(), blob, bytes.length, flags, in, at));
                    used += bytes.length; // store.append charged it
                  }
                  return out;
                });
        count += stored.size();
        stored.stream().limit(Math.max(0, 1000 - ids.size())).forEach(ids::add);
      } catch (ConflictException e) {
        throw new ConflictException(
            "quota", e.getMessage() + " " + before + " messages were imported before that.");
      }
    }
    return new Imported(folder.name(), count, ids);
  }

  /** The Date header when it is plausible, else now (mail dated in the future goes to now). */
  private static OffsetDateTime receivedAt(MailStore.Incoming in) {
    OffsetDateTime now = Sql.now();
    OffsetDateTime sent = in.summary().sentAt();
    if (sent == null || sent.isAfter(now.plusDays(1)) || sent.getYear() < 1980) {
      return now;
    }
    return sent;
  }

  private Folder folderFor(java.sql.Connection c, long accountId, String name)
      throws java.sql.SQLException {
    if (name == null || name.isBlank()) {
      return folders.find(c, accountId, FolderRole.INBOX).orElseThrow();
    }
    var existing = folders.findByName(c, accountId, name.strip());
    if (existing.isPresent()) {
      return existing.get();
    }
    String n;
    try {
      n = MailboxService.checkName(name);
    } catch (ValidationException e) {
      throw ValidationException.of("folder", e.fieldErrors().get("name"));
    }
    long id = folders.create(c, accountId, n);
    store.folderChanged(c, accountId);
    return folders.find(c, accountId, id).orElseThrow();
  }
}
