package org.postroom.web.mail;

import jakarta.enterprise.context.RequestScoped;
import jakarta.faces.context.FacesContext;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import org.postroom.core.NotFoundException;
import org.postroom.deliverability.AuthenticationResults;
import org.postroom.deliverability.InboundAuthentication;
import org.postroom.mailbox.Folder;
import org.postroom.mailbox.MailboxService;
import org.postroom.mailbox.RemoteContent;
import org.postroom.mailbox.StoredMessage;
import org.postroom.mime.HtmlSanitizer;
import org.postroom.mime.MailAddress;
import org.postroom.mime.MailPart;
import org.postroom.mime.MimeReader;
import org.postroom.mime.PlainText;
import org.postroom.mime.ReadMessage;
import org.postroom.spam.JunkReason;
import org.postroom.web.security.CurrentUser;

/**
 * One message, read for display: decoded headers, plain text as escaped blocks with links and
 * foldable quotes, HTML only inside the sandboxed frame ({@link MailContentServlet}), attachments,
 * and the rest of its conversation. Showing it changes nothing; the page asks to mark it read by
 * POST.
 */
@Named
@RequestScoped
public class MessageBean {
  @Inject MailboxService mailbox;
  @Inject CurrentUser user;
  @Inject HttpServletRequest request;
  @Inject InboundAuthentication authentication;
  @Inject FolderNav folderNav;
  @Inject org.postroom.web.Texts t;
  @Inject org.postroom.web.TextFormat texts;

  private Long id;
  private String view;
  private String remote;

  private StoredMessage message;
  private ReadMessage read;
  private Folder folder;
  private List<Folder> folders;
  private List<StoredMessage> conversation;
  private List<PlainText.Block> blocks;
  private int blocked;
  private boolean remoteShown;
  private RemoteContent remotePolicy;
  private String notice;
  private String undoToken;
  private AuthenticationResults.Mark mark;

  private long modseq;
  private MailboxService.Neighbours neighbours;
  private String pane;
  private JunkReason junkReason;

  public void onLoad() {
    long me = user.id();
    modseq = mailbox.modseq(me); // first: anything changed later is newer than this page
    try {
      if (id == null) {
        throw new NotFoundException("No such message.");
      }
      message = mailbox.message(me, id);
    } catch (NotFoundException e) {
      FacesContext fc = FacesContext.getCurrentInstance();
      try {
        fc.getExternalContext().responseSendError(404, "No such message.");
      } catch (IOException io) {
        throw new UncheckedIOException(io);
      }
      fc.responseComplete();
      return;
    }
    notice = Notice.take(request.getSession(false));
    undoToken = notice == null ? null : Undo.offered(request.getSession(false));
    byte[] raw = mailbox.raw(me, id);
    read = MimeReader.read(raw);
    mark = authentication.mark(raw).orElse(null);
    junkReason = JunkReason.of(raw).orElse(null);
    folders = mailbox.folders(me);
    folder = folders.stream().filter(f -> f.id() == message.folderId()).findFirst().orElse(null);
    conversation = mailbox.conversation(me, message);
    neighbours = mailbox.neighbours(me, message);
    remotePolicy = mailbox.remoteContent(me);
    remoteShown = mailbox.showsRemote(me, message.summary().fromAddress(), "1".equals(remote));
    if (read.html() != null) {
      // only the count is needed here (the frame renders the body): no cid images decoded
      blocked = HtmlSanitizer.sanitize(read.html(), remoteShown, cid -> null).blockedRemote();
    }
    String text = read.text() != null ? read.text() : HtmlSanitizer.toText(read.html());
    blocks = PlainText.blocks(text);
  }

  /** SPF/DKIM/DMARC as the MX found them; null for mail that did not come through the MX. */
  /** Why Postroom filed it in Junk (its spam filter's verdict), or null. */
  public JunkReason getJunkReason() {
    return junkReason;
  }

  public AuthenticationResults.Mark getMark() {
    return mark;
  }

  public boolean isShowingHtml() {
    return read.html() != null && !"plain".equals(view);
  }

  public boolean isHasBoth() {
    return read.html() != null;
  }

  public String getFrameUrl() {
    return request.getContextPath()
        + "/mail/view/body/"
        + message.id()
        + (remoteShown ? "?remote=1" : "");
  }

  public String getSubject() {
    return read.subject().isBlank() ? t.get("mail.noSubject") : read.subject();
  }

  public String addresses(List<MailAddress> list) {
    return String.join(", ", list.stream().map(MailAddress::full).toList());
  }

  public List<MailPart> getAttachments() {
    return read.attachments();
  }

  public String getSenderAddress() {
    return read.sender().address();
  }

  public String getBackUrl() {
    return "/mail/?folder=" + message.folderId();
  }

  /**
   * Where a move, archive, spam or delete leads: the list; in the reading pane the next message
   * down (else up) stays in the pane while the list beside it updates itself live.
   */
  public String getAfterUrl() {
    if (!isInPane()) {
      return getBackUrl();
    }
    Long next = getOlder() != null ? getOlder() : getNewer();
    return next == null ? "/mail/empty-pane.xhtml" : "/mail/message.xhtml?id=" + next + "&pane=1";
  }

  /** The Undo the notice may offer (the last move), or null. */
  public String getUndoToken() {
    return undoToken;
  }

  public String getSelf() {
    return "/mail/message.xhtml?id=" + message.id() + (isInPane() ? "&pane=1" : "");
  }

  /** Shown inside the list page's reading pane (no top bar, no folders; links leave the pane). */
  public boolean isInPane() {
    return "1".equals(pane);
  }

  public String getPane() {
    return pane;
  }

  public void setPane(String pane) {
    this.pane = pane;
  }

  /** The newer message above this one in its list (k), or null. */
  public Long getNewer() {
    return neighbours == null ? null : neighbours.newer();
  }

  /** The older message below this one in its list (j), or null. */
  public Long getOlder() {
    return neighbours == null ? null : neighbours.older();
  }

  /** The folder's name as the user reads it. */
  public String getFolderLabel() {
    return folder == null ? "" : folderNav.label(folder);
  }

  public String getCsrf() {
    return Csrf.token(request.getSession());
  }

  public boolean isInConversation() {
    return conversation.size() > 1;
  }

  public String folderName(long folderId) {
    return folders.stream()
        .filter(f -> f.id() == folderId)
        .map(folderNav::label)
        .findFirst()
        .orElse("");
  }

  // ---- parameters and state

  public Long getId() {
    return id;
  }

  public void setId(Long id) {
    this.id = id;
  }

  public String getView() {
    return view;
  }

  public void setView(String view) {
    this.view = view;
  }

  public String getRemote() {
    return remote;
  }

  public void setRemote(String remote) {
    this.remote = remote;
  }

  public StoredMessage getMessage() {
    return message;
  }

  public ReadMessage getRead() {
    return read;
  }

  public Folder getFolder() {
    return folder;
  }

  /** The change sequence this page is current with, 0 when it was not loaded. */
  public long getModseq() {
    return modseq;
  }

  public List<Folder> getFolders() {
    return folders;
  }

  public List<StoredMessage> getConversation() {
    return conversation;
  }

  public List<PlainText.Block> getBlocks() {
    return blocks;
  }

  public int getBlocked() {
    return blocked;
  }

  /** False when the user's settings say never: no button offers remote content then. */
  public boolean isRemoteAskable() {
    return remotePolicy == RemoteContent.ASK;
  }

  public boolean isRemoteShown() {
    return remoteShown;
  }

  public String getNotice() {
    return texts.sentence(notice);
  }
}
