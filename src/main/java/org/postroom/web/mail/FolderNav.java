package org.postroom.web.mail;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.List;
import org.postroom.mailbox.Folder;
import org.postroom.mailbox.MailboxService;
import org.postroom.web.security.CurrentUser;

/** The folder list beside every mail page, read once per request from the kept counters. */
@Named
@RequestScoped
public class FolderNav {
  @Inject MailboxService mailbox;
  @Inject CurrentUser user;
  @Inject MailBean mail;
  @Inject MessageBean message;

  private List<Folder> folders;
  private Long modseq;

  /**
   * The change sequence the page is current with: the one its bean read before anything else, or,
   * on pages without one, read now (the template asks before it draws the folders).
   */
  public long getModseq() {
    if (modseq == null) {
      modseq =
          mail.getModseq() > 0
              ? mail.getModseq()
              : message.getModseq() > 0 ? message.getModseq() : mailbox.modseq(user.id());
    }
    return modseq;
  }

  /** Unread messages in the Inbox, for the tab title. */
  public long getInboxUnread() {
    return getFolders().stream()
        .filter(f -> f.role() == org.postroom.mailbox.FolderRole.INBOX)
        .mapToLong(Folder::unreadCount)
        .findFirst()
        .orElse(0);
  }

  /** "(3) " when the Inbox has unread mail, else nothing: the start of the tab title. */
  public String getTitlePrefix() {
    long n = getInboxUnread();
    return n > 0 ? "(" + n + ") " : "";
  }

  public List<Folder> getFolders() {
    if (folders == null) {
      folders =
          mail.getFolders() != null
              ? mail.getFolders()
              : message.getFolders() != null ? message.getFolders() : mailbox.folders(user.id());
    }
    return folders;
  }

  public long getCurrentId() {
    if (mail.getCurrent() != null) {
      return mail.getCurrent().id();
    }
    return message.getFolder() == null ? -1 : message.getFolder().id();
  }
}
