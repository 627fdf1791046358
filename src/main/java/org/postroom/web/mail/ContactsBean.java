package org.postroom.web.mail;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import java.util.List;
import org.postroom.contacts.Contact;
import org.postroom.contacts.ContactService;
import org.postroom.contacts.ImportReport;
import org.postroom.core.ConflictException;
import org.postroom.core.NotFoundException;
import org.postroom.core.ValidationException;
import org.postroom.web.Messages;
import org.postroom.web.Navigation;
import org.postroom.web.security.CurrentUser;

/**
 * The contacts page: list and search, add and edit (one form), delete, the last import's report.
 */
@Named
@RequestScoped
public class ContactsBean {
  static final String IMPORT_REPORT = "postroom.contacts.import";

  @Inject ContactService contacts;
  @Inject CurrentUser user;
  @Inject HttpServletRequest request;
  @Inject org.postroom.web.TextFormat texts;

  private String q;
  private Long edit;
  private String name;
  private String address;
  private String note;
  private boolean formLoaded;
  private List<Contact> list;
  private ImportReport report;
  private String notice;

  public void onLoad() {
    HttpSession s = request.getSession(false);
    notice = Notice.take(s);
    if (s != null && s.getAttribute(IMPORT_REPORT) instanceof ImportReport r) {
      report = r;
      s.removeAttribute(IMPORT_REPORT);
    }
    if (edit != null && !formLoaded) {
      try {
        Contact c = contacts.find(user.id(), edit);
        name = c.name();
        address = c.address();
        note = c.note();
      } catch (NotFoundException e) {
        edit = null;
        Messages.error("That contact does not exist (any more).");
      }
    }
  }

  public List<Contact> getContacts() {
    if (list == null) {
      list = contacts.list(user.id(), q);
    }
    return list;
  }

  public long getTotal() {
    return contacts.count(user.id());
  }

  public boolean isLimited() {
    return getContacts().size() >= ContactService.LIST_LIMIT;
  }

  public void save() {
    try {
      Contact c =
          edit == null
              ? contacts.add(user.id(), name, address, note)
              : contacts.update(user.id(), edit, name, address, note);
      Messages.info(c.full() + (edit == null ? " added." : " saved."));
      Navigation.redirect("/mail/contacts.xhtml");
    } catch (ValidationException e) {
      Messages.fieldErrors("contact", e);
    } catch (ConflictException e) {
      Messages.conflict("contact", e);
    } catch (NotFoundException e) {
      Messages.error("That contact does not exist (any more).");
    }
  }

  public void delete(Contact c) {
    try {
      contacts.delete(user.id(), c.id());
      Messages.info(c.full() + " deleted.");
    } catch (NotFoundException e) {
      Messages.info("That contact was already deleted.");
    }
    Navigation.redirect("/mail/contacts.xhtml");
  }

  public String getCsrf() {
    return Csrf.token(request.getSession());
  }

  public ImportReport getReport() {
    return report;
  }

  public String getNotice() {
    return texts.sentence(notice);
  }

  public int getMaxImportMegabytes() {
    return ContactImportServlet.MAX_FILE / (1024 * 1024);
  }

  public String getQ() {
    return q;
  }

  public void setQ(String q) {
    this.q = q;
  }

  public Long getEdit() {
    return edit;
  }

  public void setEdit(Long edit) {
    this.edit = edit;
  }

  public String getName() {
    return name;
  }

  public void setName(String name) {
    this.name = name;
    formLoaded = true;
  }

  public String getAddress() {
    return address;
  }

  public void setAddress(String address) {
    this.address = address;
    formLoaded = true;
  }

  public String getNote() {
    return note;
  }

  public void setNote(String note) {
    this.note = note;
    formLoaded = true;
  }
}
