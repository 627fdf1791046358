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

  public Folder createFolder(long accountId, String name) {
    String n = checkName(name);
    return db.transaction(
        c -> {
          if (folders.findByName(c, accountId, n).isPresent()) {
            throw new ConflictException("name", "You already have a folder called " + n + ".");
          }
          long id = folders.create(c, accountId, n);
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
          int moved =
              org.postroom.db.Sql.update(
                  c,
                  "update message set folder_id = ? where folder_id = ? and account_id = ?",
                  trash.id(),
                  folderId,
                  accountId);
          if (moved > 0) {
            folders.adjustCounts(c, trash.id(), f.totalCount(), f.unreadCount());
          }
          folders.delete(c, folderId);
        });
  }

  static String checkName(String name) {
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
