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
