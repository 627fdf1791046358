package org.postroom.web.mail;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.postroom.core.NotFoundException;
import org.postroom.mailbox.Folder;
import org.postroom.mailbox.FolderRole;
import org.postroom.mailbox.MailboxService;
import org.postroom.mailbox.StoredMessage;
import org.postroom.web.security.CurrentUser;

/** The mail page: the folder list with unread counts and one page of the chosen folder. */
@Named
@RequestScoped
public class MailBean {
  static final int PAGE_SIZE = 50;

  @Inject MailboxService mailbox;
  @Inject CurrentUser user;

  private Long folder;
  private String before;
  private List<Folder> folders;
  private Folder current;
  private List<StoredMessage> messages;

  public void onLoad() {
    long me = user.id();
    folders = mailbox.folders(me);
    try {
      current = folder == null ? mailbox.folder(me, FolderRole.INBOX) : mailbox.folder(me, folder);
    } catch (NotFoundException e) {
      current = mailbox.folder(me, FolderRole.INBOX);
    }
    OffsetDateTime beforeAt = null;
    Long beforeId = null;
    if (before != null && before.contains("_")) {
      try {
        beforeAt = OffsetDateTime.parse(before.substring(0, before.lastIndexOf('_')));
        beforeId = Long.parseLong(before.substring(before.lastIndexOf('_') + 1));
      } catch (DateTimeParseException | NumberFormatException e) {
        beforeAt = null;
        beforeId = null;
      }
    }
    messages = mailbox.page(me, current.id(), beforeAt, beforeId, PAGE_SIZE);
  }

  /** The cursor for the next page, or null on the last page. */
  public String getNextCursor() {
    if (messages == null || messages.size() < PAGE_SIZE) {
      return null;
    }
    StoredMessage last = messages.get(messages.size() - 1);
    return last.receivedAt() + "_" + last.id();
  }

  public String sender(StoredMessage m) {
    String name = m.summary().fromName();
    if (name != null && !name.isBlank()) {
      return name;
    }
    String a = m.summary().fromAddress();
    return a == null || a.isBlank() ? "(unknown sender)" : a;
  }

  public String subject(StoredMessage m) {
    String s = m.summary().subject();
    return s == null || s.isBlank() ? "(no subject)" : s;
  }

  public Long getFolder() {
    return folder;
  }

  public void setFolder(Long folder) {
    this.folder = folder;
  }

  public String getBefore() {
    return before;
  }

  public void setBefore(String before) {
    this.before = before;
  }

  public List<Folder> getFolders() {
    return folders;
  }

  public Folder getCurrent() {
    return current;
  }

  public List<StoredMessage> getMessages() {
    return messages;
  }
}
