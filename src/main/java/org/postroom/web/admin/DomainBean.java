package org.postroom.web.admin;

import jakarta.enterprise.context.RequestScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.util.List;
import org.postroom.config.Setting;
import org.postroom.core.ConflictException;
import org.postroom.core.NotFoundException;
import org.postroom.deliverability.DkimKey;
import org.postroom.deliverability.DnsReport;
import org.postroom.deliverability.DomainSetupService;
import org.postroom.deliverability.RecordCheck;
import org.postroom.runtime.ServerSettings;
import org.postroom.web.I18n;
import org.postroom.web.MailFormat;
import org.postroom.web.Messages;
import org.postroom.web.Navigation;
import org.postroom.web.UserLocale;

/** Admin: Domain setup. The records to publish with their live check, and the DKIM keys. */
@Named
@RequestScoped
public class DomainBean {
  @Inject DomainSetupService setup;
  @Inject UserLocale userLocale;
  @Inject MailFormat format;
  @Inject ServerSettings settings;

  private DnsReport report;
  private List<DkimKey> keys;
  private String zoneFile;

  /** Loads on first use, so a postback (which restores the tables) finds them too. */
  public void onLoad() {
    getReport();
  }

  public void checkAgain() {
    setup.check();
    Messages.info("Checked every record again.");
    Navigation.redirect("/admin/domain.xhtml");
  }

  public void rotate() {
    DkimKey k = setup.rotate();
    Messages.info(
        "New DKIM key "
            + k.selector()
            + " signs from now on. Publish its record; keep the previous one until it is retired.");
    Navigation.redirect("/admin/domain.xhtml");
  }

  public void retire(DkimKey k) {
    try {
      setup.retire(k.selector());
      Messages.info("DKIM key " + k.selector() + " retired: remove its record from DNS.");
      Navigation.redirect("/admin/domain.xhtml");
    } catch (ConflictException | NotFoundException e) {
      Messages.error(e.getMessage());
    }
  }

  public DnsReport getReport() {
    if (report == null) {
      report = setup.lastOrCheck();
    }
    return report;
  }

  public List<RecordCheck> getChecks() {
    return getReport().checks();
  }

  public List<DkimKey> getKeys() {
    if (keys == null) {
      keys = setup.keys();
    }
    return keys;
  }

  /** rspamd's URL when content scanning is set up, else empty. */
  public String getContentFilter() {
    return settings.get(Setting.SPAM_RSPAMD_URL);
  }

  public String getZoneFile() {
    if (zoneFile == null) {
      zoneFile = setup.zoneFile();
    }
    return zoneFile;
  }

  public String getCheckedAt() {
    return format.fullDate(getReport().checkedAt());
  }

  public long count(String status) {
    return getReport().count(RecordCheck.Status.valueOf(status));
  }

  /** The word next to the light, so the state never depends on colour alone. */
  public String label(RecordCheck c) {
    return I18n.text(userLocale.getLocale(), "domain.state." + c.status().name());
  }

  public String need(RecordCheck c) {
    return I18n.text(userLocale.getLocale(), "domain.need." + c.record().need().name());
  }

  /** A DOM id for a record (ids may not contain ':'). */
  public String domId(RecordCheck c) {
    return "rec-" + c.record().id().replace(':', '-');
  }
}
