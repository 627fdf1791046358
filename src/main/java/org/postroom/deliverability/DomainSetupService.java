package org.postroom.deliverability;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.security.PrivateKey;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.postroom.account.AccountService;
import org.postroom.config.Setting;
import org.postroom.core.ConflictException;
import org.postroom.core.NotFoundException;
import org.postroom.db.Database;
import org.postroom.db.Sql;
import org.postroom.dns.DnsResolver;
import org.postroom.runtime.Lifecycle;
import org.postroom.runtime.ServerSettings;

/**
 * The administrator's domain setup: the records to publish, their live check (the last report is
 * kept for every node), and the DKIM keys: one generated at the first start, rotated on request
 * with a new selector while the previous one stays listed until it is retired.
 */
@ApplicationScoped
public class DomainSetupService {
  private static final Logger LOG = Logger.getLogger(DomainSetupService.class.getName());
  private static final DateTimeFormatter SELECTOR_DATE = DateTimeFormatter.ofPattern("yyyyMMdd");

  private final DkimKeyRepository keys = new DkimKeyRepository();
  private final DnsReportRepository reports = new DnsReportRepository();
  private final Map<String, PrivateKey> privateKeys = new ConcurrentHashMap<>();

  @Inject Database db;
  @Inject ServerSettings settings;
  @Inject DnsResolver dns;
  @Inject AccountService accounts;

  /** At start: a DKIM key exists from the first start on, so mail is signed from the first day. */
  void onStart(@Observes Lifecycle.Started started) {
    try {
      ensureKey();
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "postroom: could not create the DKIM key; mail goes out unsigned", e);
    }
  }

  DkimKeyFiles files() {
    return new DkimKeyFiles(settings.process().dataDir().resolve("dkim"));
  }

  /** Creates the first key unless one is active. */
  public DkimKey ensureKey() {
    return db.transaction(
        c -> {
          keys.lock(c);
          Optional<DkimKey> active = keys.all(c).stream().filter(DkimKey::active).findFirst();
          if (active.isPresent()) {
            return active.get();
          }
          DkimKey k = newKey(keys.all(c));
          keys.insert(c, k);
          LOG.info("postroom: created DKIM key with selector " + k.selector());
          return k;
        });
  }

  /** The listed keys, the active one first (for the admin). */
  public List<DkimKey> keys() {
    accounts.requireAdmin();
    return listedKeys();
  }

  private List<DkimKey> listedKeys() {
    return db.read(keys::all);
  }

  /** The records as a zone file snippet (for the admin). */
  public String zoneFile() {
    accounts.requireAdmin();
    return records().zoneFile();
  }

  /**
   * Makes a new key the signing key; the previous one stays listed (and published) until retired.
   *
   * @return the new key
   */
  public DkimKey rotate() {
    accounts.requireAdmin();
    return db.transaction(
        c -> {
          keys.lock(c);
          DkimKey k = newKey(keys.all(c));
          keys.deactivateAll(c);
          keys.insert(c, k);
          LOG.info("postroom: rotated DKIM key, now signing with selector " + k.selector());
          return k;
        });
  }

  /**
   * Removes a previous key from the list (and its private key from this node).
   *
   * @throws ConflictException for the active key
   * @throws NotFoundException for an unknown selector
   */
  public void retire(String selector) {
    accounts.requireAdmin();
    db.run(
        c -> {
          keys.lock(c);
          Optional<DkimKey> k =
              keys.all(c).stream().filter(x -> x.selector().equals(selector)).findFirst();
          if (k.isEmpty()) {
            throw new NotFoundException("No DKIM key with selector " + selector + ".");
          }
          if (k.get().active()) {
            throw new ConflictException(
                "selector", "The active key cannot be retired; rotate first.");
          }
          keys.delete(c, selector);
        });
    files().delete(selector);
    privateKeys.remove(selector);
  }

  private DkimKey newKey(List<DkimKey> existing) {
    String base = "pr" + LocalDate.now(ZoneOffset.UTC).format(SELECTOR_DATE);
    String selector = base;
    DkimKeyFiles files = files();
    for (char suffix = 'b'; taken(selector, existing) || files.exists(selector); suffix++) {
      selector = base + suffix;
    }
    String pub = files.generate(selector);
    return new DkimKey(selector, pub, true, Sql.now());
  }

  private static boolean taken(String selector, List<DkimKey> existing) {
    return existing.stream().anyMatch(k -> k.selector().equals(selector));
  }

  /**
   * The signer for outbound mail from our domain, or empty when there is no domain yet or this node
   * lacks the private key (then mail goes out unsigned and the log says why).
   */
  public Optional<DkimSigner> signer() {
    Optional<String> domain = settings.domain();
    if (domain.isEmpty()) {
      return Optional.empty();
    }
    Optional<DkimKey> active = listedKeys().stream().filter(DkimKey::active).findFirst();
    if (active.isEmpty()) {
      return Optional.empty();
    }
    String selector = active.get().selector();
    try {
      PrivateKey key = privateKeys.computeIfAbsent(selector, s -> files().privateKey(s));
      return Optional.of(new DkimSigner(domain.get(), selector, key));
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "postroom: DKIM key " + selector + " is not readable on this node", e);
      return Optional.empty();
    }
  }

  /** The records the domain should publish now. */
  DomainRecords records() {
    String domain =
        settings.domain().orElseThrow(() -> new NotFoundException("The domain is not set up yet."));
    return new DomainRecords(
        new DomainRecords.Inputs(
            domain,
            settings.hostname(),
            optional(Setting.PUBLIC_IPV4),
            optional(Setting.PUBLIC_IPV6),
            listedKeys(),
            settings.get(Setting.MTA_STS_MODE)));
  }

  private Optional<String> optional(Setting s) {
    String v = settings.get(s);
    return v == null || v.isBlank() ? Optional.empty() : Optional.of(v);
  }

  /** Looks every record up now and keeps the report for every node. */
  public DnsReport check() {
    accounts.requireAdmin();
    ensureKey();
    DnsReport r = new DnsChecker(dns).check(records());
    db.run(c -> reports.save(c, r));
    return r;
  }

  /** The last report if it still describes the current record set, otherwise a fresh one. */
  public DnsReport lastOrCheck() {
    accounts.requireAdmin();
    DomainRecords now = records();
    Optional<DnsReport> last = db.read(reports::find);
    if (last.isPresent()
        && last.get().checks().stream().map(RecordCheck::record).toList().equals(now.records())) {
      return last.get();
    }
    return check();
  }

  /** The MTA-STS policy text, or empty when MTA-STS is off or the domain is not set. */
  public Optional<String> mtaStsPolicy() {
    String mode = settings.get(Setting.MTA_STS_MODE);
    if ("off".equals(mode) || settings.domain().isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(DomainRecords.mtaStsPolicy(settings.hostname(), mode));
  }
}
