package org.postroom.web.mail;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.List;
import org.postroom.core.ConflictException;
import org.postroom.core.NotFoundException;
import org.postroom.core.ValidationException;
import org.postroom.mailbox.Folder;
import org.postroom.mailbox.MailboxService;
import org.postroom.web.Messages;
import org.postroom.web.Navigation;
import org.postroom.web.security.CurrentUser;

/** Creating, renaming and deleting the user's own folders. */
@Named
@RequestScoped
public class FoldersBean {
  @Inject MailboxService mailbox;
  @Inject CurrentUser user;

  private String newName;
  private Long folderId;
  private final java.util.Map<Long, String> renames = new java.util.HashMap<>();
  private List<Folder> folders;

  public List<Folder> getFolders() {
    if (folders == null) {
      folders = mailbox.folders(user.id());
    }
    return folders;
  }

  /** What was typed for each folder's new name, by folder id (each row keeps its own). */
  public java.util.Map<Long, String> getRenames() {
    return renames;
  }

  public void create() {
    try {
      Folder f = mailbox.createFolder(user.id(), newName);
      Messages.info("Folder " + f.name() + " created.");
      Navigation.redirect("/mail/folders.xhtml");
    } catch (ValidationException e) {
      Messages.fieldErrors("create", e);
    } catch (ConflictException e) {
      Messages.conflict("create", e);
    }
  }

  public void rename(Folder f) {
    try {
      Folder renamed = mailbox.renameFolder(user.id(), f.id(), renames.get(f.id()));
      Messages.info("Renamed to " + renamed.name() + ".");
      Navigation.redirect("/mail/folders.xhtml");
    } catch (ValidationException | ConflictException e) {
      Messages.fieldError(
          "row" + f.id(),
          "rename",
          e instanceof ValidationException v ? v.fieldErrors().get("name") : e.getMessage());
    } catch (NotFoundException e) {
      Navigation.redirect("/mail/folders.xhtml");
    }
  }

  public void delete(Folder f) {
    try {
      mailbox.deleteFolder(user.id(), f.id());
      Messages.info("Folder " + f.name() + " deleted; its messages are in Trash.");
    } catch (ConflictException | NotFoundException e) {
      Messages.error(e.getMessage());
      return;
    }
    Navigation.redirect("/mail/folders.xhtml");
  }

  public String getNewName() {
    return newName;
  }

  public void setNewName(String newName) {
    this.newName = newName;
  }

  public Long getFolderId() {
    return folderId;
  }

  public void setFolderId(Long folderId) {
    this.folderId = folderId;
  }
}
