package org.postroom.mailbox;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Locale;
import org.postroom.core.ConflictException;
import org.postroom.core.NotFoundException;
import org.postroom.core.ValidationException;
import org.postroom.db.Database;

/**
 * A user's own mailbox: folders and message lists. Every method takes the signed-in account's id
 * and every query is scoped by it, so another account's folder or message is simply not found.
 */
@ApplicationScoped
public class MailboxService {
  public static final int MAX_FOLDER_NAME = 100;

  private final FolderRepository folders = new FolderRepository();
  private final MessageRepository messages = new MessageRepository();
  @Inject MailStore store;
  private final SearchIndex index = new SearchIndex();
  private final MailSettingsRepository settingRows = new MailSettingsRepository();
  private final ChangeRepository changes = new ChangeRepository();

  @Inject Database db;

  public List<Folder> folders(long accountId) {
    return db.read(c -> folders.list(c, accountId));
  }

  public Folder folder(long accountId, long folderId) {
    return db.read(c -> folders.find(c, accountId, folderId))
        .orElseThrow(() -> new NotFoundException("No such folder."));
  }

  public Folder folder(long accountId, FolderRole role) {
    return db.read(c -> folders.find(c, accountId, role))
        .orElseThrow(() -> new NotFoundException("No " + role + " folder."));
  }

  /** A page of a folder, newest first; pass the last row of the previous page to continue. */
  public List<StoredMessage> page(
      long accountId, long folderId, OffsetDateTime beforeReceived, Long beforeId, int limit) {
    return db.read(c -> messages.page(c, accountId, folderId, beforeReceived, beforeId, limit));
  }

  // ---- reading

  public MailSettings settings(long accountId) {
    return db.read(c -> settingRows.find(c, accountId));
  }

  public MailSettings saveSettings(long accountId, Integer pageSize, boolean conversations) {
    if (pageSize == null || pageSize < MailSettings.MIN_PAGE || pageSize > MailSettings.MAX_PAGE) {
      throw ValidationException.of(
          "pageSize",
          "Choose between " + MailSettings.MIN_PAGE + " and " + MailSettings.MAX_PAGE + ".");
    }
    MailSettings s = new MailSettings(pageSize, conversations);
    db.run(c -> settingRows.save(c, accountId, s));
    return s;
  }

  /**
   * A page of a folder, newest first: one row per conversation (its newest message in this folder)
   * when the user reads in conversations, else one per message.
   */
  public ListPage list(long accountId, long folderId, String cursor) {
    return db.read(
        c -> {
          MailSettings s = settingRows.find(c, accountId);
          Folder f = ownFolder(c, accountId, folderId);
          Cursor at = Cursor.parse(cursor).orElse(null);
          List<StoredMessage> rows =
              messages.list(
                  c,
                  accountId,
                  f.id(),
                  s.conversationView(),
                  at == null ? null : at.receivedAt(),
                  at == null ? null : at.id(),
                  s.pageSize() + 1);
          return page(c, accountId, rows, s, s.conversationView(), hidden(c, accountId, f), null);
        });
  }

  /** Whether mail the user submits from a mail program is filed in Sent too. */
  public boolean sentCopy(long accountId) {
    return db.read(c -> settingRows.sentCopy(c, accountId));
  }

  public void saveSentCopy(long accountId, boolean on) {
    db.run(c -> settingRows.saveSentCopy(c, accountId, on));
  }

  /** How the webmail looks for the user. */
  public DisplaySettings display(long accountId) {
    return db.read(c -> settingRows.display(c, accountId));
  }

  /** Languages the webmail speaks. */
  public static final java.util.List<String> LANGUAGES = java.util.List.of("en", "de");

  /**
   * Saves how the webmail looks.
   *
   * @throws ValidationException for a language or time zone Postroom does not know
   */
  public DisplaySettings saveDisplay(long accountId, DisplaySettings d) {
    var errors = new ValidationException.Collector();
    String lang = d.language() == null || d.language().isBlank() ? null : d.language().strip();
    if (lang != null && !LANGUAGES.contains(lang)) {
      errors.add("language", "Choose a language from the list.");
    }
    String zone = d.timeZone() == null || d.timeZone().isBlank() ? null : d.timeZone().strip();
    if (zone != null && !java.time.ZoneId.getAvailableZoneIds().contains(zone)) {
      errors.add("timeZone", "Choose a time zone from the list.");
    }
    errors.throwIfAny();
    DisplaySettings clean =
        new DisplaySettings(
            lang,
            zone,
            d.theme() == null ? DisplaySettings.Theme.SYSTEM : d.theme(),
            d.readingPane());
    db.run(c -> settingRows.saveDisplay(c, accountId, clean));
    return clean;
  }

  /** Changes of one list page that a live page shows without a reload; more are a reload. */
  static final int MAX_LIVE_CHANGES = 200;

  /** The account's change sequence now: a page shown now is current up to this. */
  public long modseq(long accountId) {
    return db.read(c -> changes.current(c, accountId));
  }

  /** What a page of this folder, shown at {@code since}, must change to be current. */
  public ListChanges changes(long accountId, long folderId, long since) {
    return db.read(
        c -> {
          long now = changes.current(c, accountId);
          MailSettings s = settingRows.find(c, accountId);
          Folder f = ownFolder(c, accountId, folderId);
          boolean threads = s.conversationView();
          if (now <= since) {
            return new ListChanges(now, List.of(), List.of(), List.of(), threads, false);
          }
          List<StoredMessage> changed =
              messages.changedSince(c, accountId, since, MAX_LIVE_CHANGES + 1);
          List<Long> gone = changes.goneFrom(c, accountId, f.id(), since);
          if (changed.size() > MAX_LIVE_CHANGES || gone.size() > MAX_LIVE_CHANGES) {
            return new ListChanges(now, List.of(), List.of(), List.of(), threads, true);
          }
          List<StoredMessage> shown = new java.util.ArrayList<>();
          List<Long> removedMessages = new java.util.ArrayList<>(gone);
          List<Long> removedThreads = new java.util.ArrayList<>();
          if (!threads) {
            for (StoredMessage m : changed) {
              if (m.folderId() == f.id()) {
                shown.add(m);
              } else {
                removedMessages.add(m.id());
              }
            }
          } else {
            java.util.Set<Long> touched = new java.util.LinkedHashSet<>();
            changed.stream()
                .map(StoredMessage::threadId)
                .filter(java.util.Objects::nonNull)
                .forEach(touched::add);
            touched.addAll(changes.threadsGoneFrom(c, accountId, f.id(), since));
            shown.addAll(messages.heads(c, accountId, f.id(), touched));
            java.util.Set<Long> stillHere =
                shown.stream()
                    .map(StoredMessage::threadId)
                    .collect(java.util.stream.Collectors.toSet());
            touched.stream().filter(t -> !stillHere.contains(t)).forEach(removedThreads::add);
          }
          shown.sort(
              java.util.Comparator.comparing(StoredMessage::receivedAt)
                  .thenComparing(StoredMessage::id)
                  .reversed());
          MailSettings all = new MailSettings(Math.max(shown.size(), 1), threads);
          ListPage p = page(c, accountId, shown, all, threads, hidden(c, accountId, f), null);
          return new ListChanges(now, p.rows(), removedMessages, removedThreads, threads, false);
        });
  }

  /** Search over all the user's folders (Trash and Junk only when asked with in:). */
  public ListPage search(long accountId, SearchQuery q, String cursor) {
    return db.read(
        c -> {
          MailSettings s = settingRows.find(c, accountId);
          List<Folder> all = folders.list(c, accountId);
          Long folderId = null;
          List<Long> leaveOut = new java.util.ArrayList<>();
          if (q.folderName() != null) {
            folderId =
                all.stream()
                    .filter(f -> f.name().equalsIgnoreCase(q.folderName().strip()))
                    .map(Folder::id)
                    .findFirst()
                    .orElseThrow(
                        () -> ValidationException.of("q", "You have no folder " + q.folderName()));
          } else {
            all.stream()
                .filter(f -> f.role() == FolderRole.TRASH || f.role() == FolderRole.JUNK)
                .forEach(f -> leaveOut.add(f.id()));
          }
          Cursor at = Cursor.parse(cursor).orElse(null);
          List<StoredMessage> rows =
              index.search(
                  c,
                  accountId,
                  q,
                  folderId,
                  leaveOut,
                  at == null ? null : at.receivedAt(),
                  at == null ? null : at.id(),
                  s.pageSize() + 1);
          java.util.Map<Long, String> names = new java.util.HashMap<>();
          all.forEach(f -> names.put(f.id(), f.name()));
          return page(c, accountId, rows, s, false, List.of(), names);
        });
  }

  private ListPage page(
      java.sql.Connection c,
      long accountId,
      List<StoredMessage> rows,
      MailSettings s,
      boolean threads,
      List<Long> hidden,
      java.util.Map<Long, String> folderNames)
      throws java.sql.SQLException {
    String next = null;
    List<StoredMessage> shown = rows;
    if (rows.size() > s.pageSize()) {
      shown = rows.subList(0, s.pageSize());
      next = Cursor.after(shown.get(shown.size() - 1)).token();
    }
    java.util.Map<Long, int[]> counts =
        threads
            ? messages.threadCounts(
                c,
                accountId,
                shown.stream()
                    .map(StoredMessage::threadId)
                    .filter(java.util.Objects::nonNull)
                    .collect(java.util.stream.Collectors.toSet()),
                hidden)
            : java.util.Map.of();
    List<ListRow> out = new java.util.ArrayList<>();
    for (StoredMessage m : shown) {
      int[] n = m.threadId() == null ? null : counts.get(m.threadId());
      out.add(
          new ListRow(
              m,
              n == null ? 1 : n[0],
              n == null ? (m.seen() ? 0 : 1) : n[1],
              folderNames == null ? null : folderNames.get(m.folderId())));
    }
    return new ListPage(out, next, threads);
  }

  /** Trash and Junk messages stay out of conversations opened elsewhere. */
  private List<Long> hidden(java.sql.Connection c, long accountId, Folder current)
      throws java.sql.SQLException {
    List<Long> out = new java.util.ArrayList<>();
    for (FolderRole r : List.of(FolderRole.TRASH, FolderRole.JUNK)) {
      folders
          .find(c, accountId, r)
          .filter(f -> f.id() != current.id())
          .ifPresent(f -> out.add(f.id()));
    }
    return out;
  }

  public StoredMessage message(long accountId, long messageId) {
    return db.read(c -> messages.find(c, accountId, messageId))
        .orElseThrow(() -> new NotFoundException("No such message."));
  }

  /** The raw bytes of a message the account owns. */
  public byte[] raw(long accountId, long messageId) {
    return db.read(c -> messages.content(c, accountId, messageId))
        .orElseThrow(() -> new NotFoundException("No such message."));
  }

  /**
   * The conversation of a message, oldest first, across folders (not Trash/Junk unless in them).
   */
  public List<StoredMessage> conversation(long accountId, StoredMessage m) {
    if (m.threadId() == null) {
      return List.of(m);
    }
    return db.read(
        c -> {
          Folder f = folders.find(c, accountId, m.folderId()).orElseThrow();
          List<StoredMessage> all =
              messages.thread(c, accountId, m.threadId(), hidden(c, accountId, f));
          return all.isEmpty() ? List.of(m) : all;
        });
  }

  // ---- changing messages (every id is checked against the account in MailStore.owned)

  public int markSeen(long accountId, java.util.Collection<Long> ids, boolean seen) {
    return db.transaction(c -> store.setSeen(c, accountId, ids, seen));
  }

  public int flag(long accountId, java.util.Collection<Long> ids, boolean flagged) {
    return db.transaction(c -> store.setFlagged(c, accountId, ids, flagged));
  }

  public int move(long accountId, java.util.Collection<Long> ids, long folderId) {
    return db.transaction(
        c -> {
          return store.move(c, accountId, ids, ownFolder(c, accountId, folderId).id());
        });
  }

  /** Where each of these messages is now (the account's only): what Undo puts back after a move. */
  public java.util.Map<Long, Long> foldersOf(long accountId, java.util.Collection<Long> ids) {
    return db.read(
        c -> {
          java.util.Map<Long, Long> out = new java.util.LinkedHashMap<>();
          for (StoredMessage m : store.owned(c, accountId, ids)) {
            out.put(m.id(), m.folderId());
          }
          return out;
        });
  }

  /** Puts messages back where they were (Undo): returns how many moved. */
  public int moveBack(long accountId, java.util.Map<Long, Long> folderOf) {
    return db.transaction(
        c -> {
          java.util.Map<Long, List<Long>> byFolder = new java.util.LinkedHashMap<>();
          folderOf.forEach(
              (id, folder) ->
                  byFolder.computeIfAbsent(folder, k -> new java.util.ArrayList<>()).add(id));
          int n = 0;
          for (var e : byFolder.entrySet()) {
            if (folders.find(c, accountId, e.getKey()).isPresent()) {
              n += store.move(c, accountId, e.getValue(), e.getKey());
            }
          }
          return n;
        });
  }

  /**
   * Every message of the conversations these rows stand for, in the folder the rows were shown in
   * (a conversation row acts on the whole conversation there, as in every webmail).
   */
  public List<Long> conversations(
      long accountId, long folderId, java.util.Collection<Long> rowIds) {
    return db.read(
        c -> {
          Folder f = ownFolder(c, accountId, folderId);
          java.util.Set<Long> out = new java.util.LinkedHashSet<>();
          java.util.Set<Long> threads = new java.util.LinkedHashSet<>();
          for (StoredMessage m : store.owned(c, accountId, rowIds)) {
            out.add(m.id());
            if (m.threadId() != null) {
              threads.add(m.threadId());
            }
          }
          out.addAll(messages.inThreads(c, accountId, f.id(), threads));
          return List.copyOf(out);
        });
  }

  /** The messages above (newer) and below (older) one in its folder's list, each or null. */
  public record Neighbours(Long newer, Long older) implements java.io.Serializable {}

  public Neighbours neighbours(long accountId, StoredMessage m) {
    return db.read(
        c -> {
          boolean heads = settingRows.find(c, accountId).conversationView() && m.threadId() != null;
          return new Neighbours(
              messages
                  .neighbour(c, accountId, m.folderId(), m.receivedAt(), m.id(), heads, true)
                  .orElse(null),
              messages
                  .neighbour(c, accountId, m.folderId(), m.receivedAt(), m.id(), heads, false)
                  .orElse(null));
        });
  }

  /** Every message of one of the user's folders ("select all in this folder"). */
  public List<Long> allIn(long accountId, long folderId) {
    return db.read(c -> store.idsIn(c, accountId, ownFolder(c, accountId, folderId).id()));
  }

  public int moveTo(long accountId, java.util.Collection<Long> ids, FolderRole role) {
    return move(accountId, ids, folder(accountId, role).id());
  }

  /** What a delete did: moved to Trash, or (from Trash) deleted for good. */
  public record Deleted(int toTrash, int forGood) {}

  /** Moves to Trash; what is already in Trash is deleted for good. */
  public Deleted delete(long accountId, java.util.Collection<Long> ids) {
    return db.transaction(
        c -> {
          Folder trash = folders.find(c, accountId, FolderRole.TRASH).orElseThrow();
          List<Long> inTrash = new java.util.ArrayList<>();
          List<Long> others = new java.util.ArrayList<>();
          for (StoredMessage m : store.owned(c, accountId, ids)) {
            (m.folderId() == trash.id() ? inTrash : others).add(m.id());
          }
          int forGood = store.deleteForever(c, accountId, inTrash);
          int moved = store.move(c, accountId, others, trash.id());
          return new Deleted(moved, forGood);
        });
  }

  /** Deletes everything in Trash or Junk for good. */
  public int empty(long accountId, long folderId) {
    return db.transaction(
        c -> {
          Folder f = ownFolder(c, accountId, folderId);
          if (f.role() != FolderRole.TRASH && f.role() != FolderRole.JUNK) {
            throw new ConflictException("folder", "Only Trash and Junk can be emptied.");
          }
          return store.deleteForever(c, accountId, store.idsIn(c, accountId, f.id()));
        });
  }

  private Folder ownFolder(java.sql.Connection c, long accountId, long folderId)
      throws java.sql.SQLException {
    return folders
        .find(c, accountId, folderId)
        .orElseThrow(() -> new NotFoundException("No such folder."));
  }

  public RemoteContent remoteContent(long accountId) {
    return db.read(c -> settingRows.remoteContent(c, accountId));
  }

  public void saveRemoteContent(long accountId, RemoteContent policy) {
    if (policy == null) {
      throw ValidationException.of("remoteContent", "Choose one of the three.");
    }
    db.run(c -> settingRows.saveRemoteContent(c, accountId, policy));
  }

  /**
   * Whether a message from this sender loads remote content for the user: their policy, the "show"
   * they asked for on this page ({@code asked}) and their trusted senders.
   */
  public boolean showsRemote(long accountId, String sender, boolean asked) {
    return db.read(
        c -> {
          RemoteContent policy = settingRows.remoteContent(c, accountId);
          return policy.shows(
              asked, policy == RemoteContent.ASK && settingRows.isTrusted(c, accountId, sender));
        });
  }

  public boolean trusts(long accountId, String sender) {
    return db.read(c -> settingRows.isTrusted(c, accountId, sender));
  }

  public void trustSender(long accountId, String sender) {
    if (sender == null || sender.isBlank() || !sender.contains("@")) {
      throw ValidationException.of("sender", "This message has no sender address to trust.");
    }
    db.run(c -> settingRows.trust(c, accountId, sender.strip()));
  }

  public Folder createFolder(long accountId, String name) {
    String n = checkName(name);
    return db.transaction(
        c -> {
          if (folders.findByName(c, accountId, n).isPresent()) {
            throw new ConflictException("name", "You already have a folder called " + n + ".");
          }
          long id = folders.create(c, accountId, n);
          store.folderChanged(c, accountId);
          return folders.find(c, accountId, id).orElseThrow();
        });
  }

  public Folder renameFolder(long accountId, long folderId, String name) {
    String n = checkName(name);
    return db.transaction(
        c -> {
          Folder f =
              folders
                  .find(c, accountId, folderId)
                  .orElseThrow(() -> new NotFoundException("No such folder."));
          if (!f.isUserFolder()) {
            throw new ConflictException("name", f.name() + " cannot be renamed.");
          }
          var clash = folders.findByName(c, accountId, n);
          if (clash.isPresent() && clash.get().id() != folderId) {
            throw new ConflictException("name", "You already have a folder called " + n + ".");
          }
          folders.rename(c, folderId, n);
          store.folderChanged(c, accountId);
          return folders.find(c, accountId, folderId).orElseThrow();
        });
  }

  /** Deletes one of the user's own folders; its messages go to Trash, so nothing is lost. */
  public void deleteFolder(long accountId, long folderId) {
    db.run(
        c -> {
          Folder f =
              folders
                  .find(c, accountId, folderId)
                  .orElseThrow(() -> new NotFoundException("No such folder."));
          if (!f.isUserFolder()) {
            throw new ConflictException("name", f.name() + " cannot be deleted.");
          }
          Folder trash = folders.find(c, accountId, FolderRole.TRASH).orElseThrow();
          store.move(c, accountId, store.idsIn(c, accountId, folderId), trash.id());
          folders.delete(c, folderId);
          store.folderChanged(c, accountId);
        });
  }

  public static String checkName(String name) {
    String n = name == null ? "" : name.strip();
    if (n.isEmpty()) {
      throw ValidationException.of("name", "Enter a folder name.");
    }
    if (n.length() > MAX_FOLDER_NAME) {
      throw ValidationException.of("name", "Use at most " + MAX_FOLDER_NAME + " characters.");
    }
    if (n.chars().anyMatch(ch -> ch < 0x20 || ch == 0x7f)) {
      throw ValidationException.of("name", "A folder name cannot contain control characters.");
    }
    for (FolderRole r : FolderRole.values()) {
      if (r.defaultName().toLowerCase(Locale.ROOT).equals(n.toLowerCase(Locale.ROOT))) {
        throw new ConflictException("name", r.defaultName() + " already exists.");
      }
    }
    return n;
  }
}
