package org.postroom.web.mail;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.List;
import org.postroom.mailbox.Folder;
import org.postroom.mailbox.MailboxService;
import org.postroom.web.MailFormat;
import org.postroom.web.security.CurrentUser;

/** The folder list beside every mail page, read once per request from the kept counters. */
@Named
@RequestScoped
public class FolderNav {
  @Inject MailboxService mailbox;
  @Inject CurrentUser user;
  @Inject MailBean mail;
  @Inject MessageBean message;
  @Inject org.postroom.account.AccountService accounts;
  @Inject org.postroom.web.Texts t;
  @Inject MailFormat format;

  private org.postroom.account.Account account;

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

  /** A folder's name as the user reads it: standard folders in the page's language. */
  public String label(Folder f) {
    return f.role() == null ? f.name() : t.get("folder." + f.role().name());
  }

  /** The icon of a folder in the sprite (WEB-INF/includes/icons.xhtml). */
  public String icon(Folder f) {
    if (f.role() == null) {
      return "i-folder";
    }
    return switch (f.role()) {
      case INBOX -> "i-inbox";
      case DRAFTS -> "i-drafts";
      case SENT -> "i-sent";
      case ARCHIVE -> "i-archive";
      case JUNK -> "i-spam";
      case TRASH -> "i-trash";
    };
  }

  private org.postroom.account.Account account() {
    if (account == null) {
      account = accounts.byId(user.id()).orElse(null);
    }
    return account;
  }

  /** "12.3 MB of 500 MB used", or without the limit when there is none. */
  public String getQuotaText() {
    var a = account();
    if (a == null) {
      return "";
    }
    return a.quotaBytes() > 0
        ? org.postroom.web.I18n.format(
            t.locale(), "mail.quotaOf", format.size(a.usedBytes()), format.size(a.quotaBytes()))
        : org.postroom.web.I18n.format(t.locale(), "mail.quotaNoLimit", format.size(a.usedBytes()));
  }

  /** How full the mailbox is, 0 to 100, or -1 when there is no quota. */
  public int getQuotaPercent() {
    var a = account();
    if (a == null || a.quotaBytes() <= 0) {
      return -1;
    }
    return (int) Math.min(100, Math.round(100.0 * a.usedBytes() / a.quotaBytes()));
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
