package org.postroom.web.admin;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.postroom.maillog.MailLog;
import org.postroom.maillog.MailLogEntry;
import org.postroom.web.MailFormat;

/** Admin: the mail log, searched by address, mail id, Message-ID or client address (GET). */
@Named
@RequestScoped
public class MailLogBean {
  static final int PAGE = 100;
  @Inject MailLog mailLog;
  @Inject MailFormat format;

  private String q;
  private Long before;
  private List<MailLogEntry> lines;

  public List<MailLogEntry> getLines() {
    if (lines == null) {
      lines = mailLog.search(q, before, PAGE);
    }
    return lines;
  }

  /** The id to continue from for the next (older) page, or null when this page is the last. */
  public Long getNextBefore() {
    List<MailLogEntry> l = getLines();
    return l.size() < PAGE ? null : l.get(l.size() - 1).id();
  }

  /** The query string of the next page's link, or null when this page is the last. */
  public String getOlderQuery() {
    Long next = getNextBefore();
    return next == null
        ? null
        : "q=" + URLEncoder.encode(q == null ? "" : q, StandardCharsets.UTF_8) + "&before=" + next;
  }

  public String time(MailLogEntry e) {
    return format.logTime(e.loggedAt());
  }

  public String getQ() {
    return q;
  }

  public void setQ(String q) {
    this.q = q;
  }

  public Long getBefore() {
    return before;
  }

  public void setBefore(Long before) {
    this.before = before;
  }
}
