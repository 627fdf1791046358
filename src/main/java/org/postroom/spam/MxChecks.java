package org.postroom.spam;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.InetAddress;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.postroom.config.Setting;
import org.postroom.core.EmailAddress;
import org.postroom.core.SmtpStatus;
import org.postroom.deliverability.Spf;
import org.postroom.dns.DnsAnswer;
import org.postroom.dns.DnsResolver;
import org.postroom.runtime.ServerSettings;
import org.xbill.DNS.MXRecord;
import org.xbill.DNS.Type;

/**
 * The MX's checks of a connection and its envelope, before any message is sent: the sender's domain
 * must exist (at MAIL), the client and the sender's and HELO's domains must not be on a blocklist,
 * and an unknown sender may be greylisted (both at RCPT, for each local recipient). Refusals come
 * before DATA, so a blocked sender never transmits a message. Submission (a signed-in user) is
 * never asked.
 */
@ApplicationScoped
public class MxChecks {
  @Inject ServerSettings settings;
  @Inject DnsResolver dns;
  @Inject Blocklists blocklists;
  @Inject Greylist greylist;

  /** At MAIL FROM: a refusal, or empty to go on. The null sender (bounces) always goes on. */
  public Optional<SmtpStatus> atMail(Optional<EmailAddress> sender) {
    if (sender.isEmpty() || !settings.flag(Setting.SPAM_SENDER_DOMAIN_CHECK)) {
      return Optional.empty();
    }
    String domain = sender.get().domain().toLowerCase(Locale.ROOT);
    if (isOurs(domain) || domain.startsWith("[")) {
      return Optional.empty();
    }
    return senderDomain(domain);
  }

  /**
   * At RCPT of a recipient of ours: the blocklists, then greylisting. A refusal, or empty to accept
   * the recipient.
   */
  public Optional<SmtpStatus> atRcpt(
      InetAddress client, String helo, Optional<EmailAddress> sender, EmailAddress recipient) {
    Optional<Blocklists.Listing> listed = blocklists.client(client);
    if (listed.isPresent()) {
      return Optional.of(
          SmtpStatus.of(
              554,
              "5.7.1",
              "Service unavailable; client ["
                  + client.getHostAddress()
                  + "] blocked using "
                  + listed.get().zone()
                  + reason(listed.get())));
    }
    String senderDomain = sender.map(s -> s.domain().toLowerCase(Locale.ROOT)).orElse("");
    Optional<SmtpStatus> domainListed =
        domainListed("Sender address rejected: domain ", senderDomain)
            .or(
                () ->
                    domainListed("HELO name ", helo == null ? "" : helo.toLowerCase(Locale.ROOT)));
    if (domainListed.isPresent()) {
      return domainListed;
    }
    if (settings.flag(Setting.SPAM_GREYLIST) && !isOurs(senderDomain)) {
      String reversePath = sender.map(EmailAddress::toString).orElse("");
      Greylist.Decision d =
          greylist.check(
              client,
              reversePath,
              recipient.toString(),
              () ->
                  new Spf(dns).checkMailFrom(client, reversePath, helo).result()
                      == Spf.Result.PASS);
      if (d == Greylist.Decision.DEFER) {
        return Optional.of(
            SmtpStatus.of(
                451,
                "4.7.1",
                "Greylisted: mail from a new sender is accepted when it is sent again in a few"
                    + " minutes"));
      }
    }
    return Optional.empty();
  }

  /** A 554 when an RHSBL lists this domain (never for our own). */
  private Optional<SmtpStatus> domainListed(String what, String domain) {
    if (domain.isEmpty() || isOurs(domain)) {
      return Optional.empty();
    }
    return blocklists
        .domain(domain)
        .map(
            l -> SmtpStatus.of(554, "5.7.1", what + domain + " listed by " + l.zone() + reason(l)));
  }

  /** Whether mail can come back to this domain: MX, or else an address (RFC 5321 5.1). */
  private Optional<SmtpStatus> senderDomain(String domain) {
    DnsAnswer mx = dns.lookup(domain, Type.MX);
    switch (mx.status()) {
      case OK -> {
        List<MXRecord> records = mx.recordsOf(MXRecord.class);
        boolean nullMx = records.size() == 1 && records.get(0).getTarget().toString().equals(".");
        if (nullMx) {
          return Optional.of(refused(domain, "accepts no mail (null MX)"));
        }
        return Optional.empty();
      }
      case NXDOMAIN -> {
        return Optional.of(refused(domain, "does not exist"));
      }
      case TEMPFAIL -> {
        return Optional.of(tempfail(domain));
      }
      default -> {
        // no MX: the domain's own address is its implicit MX
      }
    }
    boolean tempfail = false;
    for (int type : new int[] {Type.A, Type.AAAA}) {
      DnsAnswer a = dns.lookup(domain, type);
      if (a.isOk()) {
        return Optional.empty();
      }
      tempfail |= a.status() == DnsAnswer.Status.TEMPFAIL;
    }
    return Optional.of(
        tempfail ? tempfail(domain) : refused(domain, "has no mail server and no address"));
  }

  private static SmtpStatus refused(String domain, String why) {
    return SmtpStatus.of(550, "5.1.8", "Sender address rejected: domain " + domain + " " + why);
  }

  private static SmtpStatus tempfail(String domain) {
    return SmtpStatus.of(
        451,
        "4.4.3",
        "Sender address rejected: cannot look up domain " + domain + ", try again later");
  }

  private static String reason(Blocklists.Listing l) {
    return l.text().isEmpty() ? "" : "; " + l.text();
  }

  private boolean isOurs(String domain) {
    return settings.domain().map(d -> d.equalsIgnoreCase(domain)).orElse(false);
  }
}
