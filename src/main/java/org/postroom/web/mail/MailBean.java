package org.postroom.web.mail;

import jakarta.enterprise.context.RequestScoped;
import jakarta.faces.context.FacesContext;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.List;
import org.postroom.core.NotFoundException;
import org.postroom.core.ValidationException;
import org.postroom.mailbox.Folder;
import org.postroom.mailbox.FolderRole;
import org.postroom.mailbox.ListChanges;
import org.postroom.mailbox.ListPage;
import org.postroom.mailbox.ListRow;
import org.postroom.mailbox.MailboxService;
import org.postroom.mailbox.SearchQuery;
import org.postroom.mailbox.StoredMessage;
import org.postroom.web.security.CurrentUser;

/**
 * The mail list page: one page of a folder (as conversations or messages, as the user chose), or
 * search results across folders. Changes go to {@link MailActionServlet} by POST.
 */
@Named
@RequestScoped
public class MailBean {
  @Inject MailboxService mailbox;
  @Inject CurrentUser user;
  @Inject HttpServletRequest request;
  @Inject FolderNav folderNav;
  @Inject org.postroom.web.Texts t;
  @Inject org.postroom.web.TextFormat texts;

  private Long folder;
  private String at;
  private Long since;
  private String q;
  private boolean unread;
  private boolean flagged;
  private boolean attachment;
  private String in;
  private String after;
  private String before;

  private List<Folder> folders;
  private Folder current;
  private ListPage page;
  private String searchError;
  private String notice;
  private String undoToken;
  private long modseq;
  private ListChanges changes;

  public void onLoad() {
    long me = user.id();
    // before anything is read: a change after this point is newer than what the page shows
    modseq = mailbox.modseq(me);
    folders = mailbox.folders(me);
    if (since == null) {
      // only the page itself takes the notice: a live update fetching rows (rows.xhtml) from
      // the page being left must not take the notice meant for the page being opened
      notice = Notice.take(request.getSession(false));
      undoToken = notice == null ? null : Undo.offered(request.getSession(false));
    }
    if (isSearching()) {
      try {
        SearchQuery query =
            SearchQuery.parse(q, "q")
                .with(
                    unread, flagged, attachment, in, date("after", after), date("before", before));
        page = mailbox.search(me, query, at);
      } catch (ValidationException e) {
        searchError = String.join(" ", e.fieldErrors().values());
        page = new ListPage(List.of(), null, false);
      }
      return;
    }
    try {
      current = folder == null ? mailbox.folder(me, FolderRole.INBOX) : mailbox.folder(me, folder);
    } catch (NotFoundException e) {
      FacesContext fc = FacesContext.getCurrentInstance();
      try {
        fc.getExternalContext().responseSendError(404, "No such folder.");
      } catch (java.io.IOException io) {
        throw new java.io.UncheckedIOException(io);
      }
      fc.responseComplete();
      return;
    }
    if (since != null) {
      changes = mailbox.changes(me, current.id(), since);
      modseq = changes.modseq();
      page = new ListPage(changes.rows(), null, changes.conversations());
      return;
    }
    page = mailbox.list(me, current.id(), at);
  }

  /** The change sequence this page is current with (live updates ask for what came after). */
  public long getModseq() {
    return modseq;
  }

  /** For the live rows fragment: what to take out of the list, and whether to reload instead. */
  public ListChanges getChanges() {
    return changes;
  }

  public String getRemovedMessages() {
    return changes == null ? "" : join(changes.removedMessages());
  }

  public String getRemovedThreads() {
    return changes == null ? "" : join(changes.removedThreads());
  }

  private static String join(List<Long> ids) {
    return String.join(",", ids.stream().map(String::valueOf).toList());
  }

  /** True on the first page of a folder: new mail goes on top of it. */
  public boolean isFirstPage() {
    return at == null && !isSearching();
  }

  private static LocalDate date(String field, String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return LocalDate.parse(value.strip());
    } catch (DateTimeParseException e) {
      throw ValidationException.of(field, "Write dates as 2026-01-31.");
    }
  }

  public boolean isSearching() {
    return (q != null && !q.isBlank())
        || unread
        || flagged
        || attachment
        || (in != null && !in.isBlank())
        || (after != null && !after.isBlank())
        || (before != null && !before.isBlank());
  }

  public String getTitle() {
    if (isSearching()) {
      return q == null || q.isBlank() ? t.get("mail.search") : texts.f("mail.searchFor", q.strip());
    }
    return current == null ? t.get("layout.mail") : folderNav.label(current);
  }

  /** The Undo the notice may offer (the last move), or null. */
  public String getUndoToken() {
    return undoToken;
  }

  /** Sent and Drafts show whom a message went to, other folders who sent it. */
  public boolean isShowsRecipients() {
    return current != null
        && !isSearching()
        && (current.role() == FolderRole.SENT || current.role() == FolderRole.DRAFTS);
  }

  /** "To: Bob, Carol" for the Sent and Drafts lists. */
  public String recipients(StoredMessage m) {
    String list = m.summary().toList();
    if (list == null || list.isBlank()) {
      return texts.f("mail.toWhom", t.get("mail.noRecipients"));
    }
    java.util.List<String> names = new java.util.ArrayList<>();
    try {
      for (jakarta.mail.internet.InternetAddress a :
          jakarta.mail.internet.InternetAddress.parseHeader(list, false)) {
        String p = a.getPersonal();
        names.add(p != null && !p.isBlank() ? p.strip() : a.getAddress());
      }
    } catch (jakarta.mail.internet.AddressException e) {
      names.add(list);
    }
    return texts.f("mail.toWhom", String.join(", ", names));
  }

  /** Who a row shows: the sender, or the recipients in Sent and Drafts. */
  public String who(StoredMessage m) {
    return isShowsRecipients() ? recipients(m) : sender(m);
  }

  /** How many messages the folder holds ("select all N in this folder"). */
  public int getFolderTotal() {
    return current == null ? 0 : current.totalCount();
  }

  /** The URL of this list (to come back to after an action). */
  public String getSelf() {
    String uri = "/mail/";
    String query = request.getQueryString();
    return query == null ? uri : uri + "?" + query;
  }

  /** The URL of the next page, or null on the last. */
  public String getNextUrl() {
    return page == null || page.next() == null ? null : listUrl(page.next());
  }

  /** The first page of the same list, when this is a later one. */
  public String getFirstUrl() {
    return at == null ? null : listUrl(null);
  }

  private String listUrl(String cursor) {
    StringBuilder b = new StringBuilder(request.getContextPath()).append("/mail/?");
    if (isSearching()) {
      param(b, "q", q);
      param(b, "unread", unread ? "true" : null);
      param(b, "flagged", flagged ? "true" : null);
      param(b, "attachment", attachment ? "true" : null);
      param(b, "in", in);
      param(b, "after", after);
      param(b, "before", before);
    } else {
      param(b, "folder", String.valueOf(current.id()));
    }
    param(b, "at", cursor);
    return b.toString();
  }

  private static void param(StringBuilder b, String name, String value) {
    if (value == null || value.isBlank()) {
      return;
    }
    if (b.charAt(b.length() - 1) != '?') {
      b.append('&');
    }
    b.append(name).append('=').append(URLEncoder.encode(value, StandardCharsets.UTF_8));
  }

  public String sender(StoredMessage m) {
    String name = m.summary().fromName();
    if (name != null && !name.isBlank()) {
      return name;
    }
    String a = m.summary().fromAddress();
    return a == null || a.isBlank() ? t.get("mail.unknownSender") : a;
  }

  public String subject(StoredMessage m) {
    String s = m.summary().subject();
    return s == null || s.isBlank() ? t.get("mail.noSubject") : s;
  }

  public boolean isCanEmpty() {
    return current != null
        && (current.role() == FolderRole.TRASH || current.role() == FolderRole.JUNK)
        && current.totalCount() > 0;
  }

  /**
   * Where a row opens, before the message id: a row in Drafts opens its draft in the compose page
   * (as every webmail does), any other row the message view.
   */
  public String getOpenPath() {
    return current != null && current.role() == FolderRole.DRAFTS && !isSearching()
        ? "/mail/compose.xhtml?draftMessage="
        : "/mail/message.xhtml?id=";
  }

  public boolean isInTrash() {
    return current != null && current.role() == FolderRole.TRASH;
  }

  public String getCsrf() {
    return Csrf.token(request.getSession());
  }

  public List<ListRow> getRows() {
    return page == null ? List.of() : page.rows();
  }

  public boolean isConversations() {
    return page != null && page.conversations();
  }

  // ---- view parameters and state

  public Long getFolder() {
    return folder;
  }

  public void setFolder(Long folder) {
    this.folder = folder;
  }

  public String getAt() {
    return at;
  }

  public void setAt(String at) {
    this.at = at;
  }

  public Long getSince() {
    return since;
  }

  public void setSince(Long since) {
    this.since = since;
  }

  public String getQ() {
    return q;
  }

  public void setQ(String q) {
    this.q = q;
  }

  public boolean isUnread() {
    return unread;
  }

  public void setUnread(boolean unread) {
    this.unread = unread;
  }

  public boolean isFlagged() {
    return flagged;
  }

  public void setFlagged(boolean flagged) {
    this.flagged = flagged;
  }

  public boolean isAttachment() {
    return attachment;
  }

  public void setAttachment(boolean attachment) {
    this.attachment = attachment;
  }

  public String getIn() {
    return in;
  }

  public void setIn(String in) {
    this.in = in;
  }

  public String getAfter() {
    return after;
  }

  public void setAfter(String after) {
    this.after = after;
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

  public String getSearchError() {
    return searchError;
  }

  public String getNotice() {
    return texts.sentence(notice);
  }
}
