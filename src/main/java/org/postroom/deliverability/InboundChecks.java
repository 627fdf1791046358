package org.postroom.deliverability;

import jakarta.mail.internet.AddressException;
import jakarta.mail.internet.InternetAddress;
import java.io.IOException;
import java.net.InetAddress;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.postroom.config.Settings;
import org.postroom.core.RawMessage;
import org.postroom.core.SmtpStatus;
import org.postroom.dns.DnsResolver;

/**
 * What the MX does with a message after DATA, before it answers: SPF for the envelope sender and
 * the HELO name, DKIM, DMARC alignment of the From domain, then the decision. Mail claiming our own
 * domain must authenticate (our users send through submission, never through the MX); other domains
 * get what their DMARC policy asks for, as configured; a DNS failure never loses a message.
 */
public final class InboundChecks {
  /** What to do with the message. */
  public enum Action {
    /** Deliver to the Inbox. */
    ACCEPT,
    /** Deliver to Junk. */
    QUARANTINE,
    /** Refuse with a permanent error: the sender gets a bounce, nothing is stored. */
    REJECT,
    /** Refuse with a temporary error: the sender tries again later. */
    TEMPFAIL
  }

  /**
   * The configured reactions (values of the {@code postroom.inbound.*} keys).
   *
   * @param ownDomainFail reject | quarantine | mark
   * @param dmarcReject reject | quarantine | mark
   * @param dmarcQuarantine reject | quarantine | mark
   * @param dnsError accept | tempfail
   */
  public record Policy(
      String ownDomainFail, String dmarcReject, String dmarcQuarantine, String dnsError) {
    public static final Policy DEFAULT = new Policy("reject", "reject", "quarantine", "accept");
  }

  /** Every result of the checks. */
  public record Results(
      Spf.Outcome spf,
      String mailFromDomain,
      Spf.Outcome helo,
      String heloName,
      List<DkimVerifier.Result> dkim,
      Dmarc.Outcome dmarc) {}

  /**
   * The decision.
   *
   * @param action what to do
   * @param status the SMTP reply for REJECT and TEMPFAIL (null otherwise)
   * @param message the message with our Authentication-Results field (for ACCEPT and QUARANTINE)
   * @param results the individual results
   * @param field our Authentication-Results field
   */
  public record Verdict(
      Action action, SmtpStatus status, RawMessage message, Results results, String field) {}

  private final DnsResolver dns;
  private final String authservId;
  private final String ourDomain;
  private final Policy policy;

  public InboundChecks(DnsResolver dns, String authservId, String ourDomain, Policy policy) {
    this.dns = dns;
    this.authservId = authservId.toLowerCase(Locale.ROOT);
    this.ourDomain = ourDomain.toLowerCase(Locale.ROOT);
    this.policy = policy;
  }

  /**
   * Checks one message.
   *
   * @param client the connecting client's address
   * @param helo the name it gave in HELO/EHLO
   * @param reversePath MAIL FROM ({@code ""} for the null sender)
   */
  public Verdict check(
      InetAddress client, String helo, String reversePath, RawMessage raw, Instant now)
      throws IOException {
    Spf spf = new Spf(dns);
    String heloName = helo == null ? "" : helo.strip().toLowerCase(Locale.ROOT);
    Spf.Outcome heloResult = Spf.isValidDomain(heloName) ? spf.checkHelo(client, heloName) : null;
    Spf.Outcome mailFrom = spf.checkMailFrom(client, reversePath, heloName);
    List<DkimVerifier.Result> dkim = new DkimVerifier(dns).verify(raw, now);

    String fromDomain = fromDomain(raw);
    List<Dmarc.Authenticated> passed = new ArrayList<>();
    if (mailFrom.result() == Spf.Result.PASS) {
      passed.add(new Dmarc.Authenticated("spf", mailFrom.domain()));
    }
    boolean tempError = mailFrom.result() == Spf.Result.TEMPERROR;
    for (DkimVerifier.Result d : dkim) {
      if (d.status() == DkimVerifier.Status.PASS) {
        passed.add(new Dmarc.Authenticated("dkim", d.domain()));
      }
      tempError |= d.status() == DkimVerifier.Status.TEMPERROR;
    }
    Dmarc.Outcome dmarc =
        fromDomain.isEmpty()
            ? new Dmarc.Outcome(
                Dmarc.Result.PERMERROR,
                "",
                Dmarc.Policy.NONE,
                java.util.Optional.empty(),
                "no single From address")
            : new Dmarc(dns).evaluate(fromDomain, passed, tempError);
    Results results = new Results(mailFrom, mailFrom.domain(), heloResult, heloName, dkim, dmarc);
    String field = AuthenticationResults.field(authservId, results);

    Action action = decide(fromDomain, passed, dmarc, tempError);
    SmtpStatus status =
        switch (action) {
          case REJECT ->
              SmtpStatus.of(
                  550,
                  "5.7.1",
                  isOurs(fromDomain)
                      ? "Mail from "
                          + fromDomain
                          + " must come through its own server (failed SPF/DKIM/DMARC)"
                      : "Rejected by the DMARC policy of " + fromDomain);
          case TEMPFAIL ->
              SmtpStatus.of(
                  451, "4.7.5", "Sender authentication could not be checked, try again later");
          default -> null;
        };
    RawMessage out =
        action == Action.ACCEPT || action == Action.QUARANTINE
            ? AuthenticationResults.addTo(raw, authservId, field)
            : null;
    return new Verdict(action, status, out, results, field);
  }

  private Action decide(
      String fromDomain, List<Dmarc.Authenticated> passed, Dmarc.Outcome dmarc, boolean tempError) {
    if (isOurs(fromDomain)) {
      // our own domain: only mail that authenticates as us (whatever our DNS says today)
      boolean aligned = passed.stream().anyMatch(a -> isOurs(a.domain()));
      if (aligned) {
        return Action.ACCEPT;
      }
      if (tempError || dmarc.result() == Dmarc.Result.TEMPERROR) {
        return onDnsError();
      }
      return configured(policy.ownDomainFail());
    }
    return switch (dmarc.result()) {
      case FAIL ->
          switch (dmarc.policy()) {
            case REJECT -> configured(policy.dmarcReject());
            case QUARANTINE -> configured(policy.dmarcQuarantine());
            case NONE -> Action.ACCEPT;
          };
      case TEMPERROR -> onDnsError();
      default -> Action.ACCEPT;
    };
  }

  private Action onDnsError() {
    return "tempfail".equals(policy.dnsError()) ? Action.TEMPFAIL : Action.ACCEPT;
  }

  private static Action configured(String reaction) {
    return switch (reaction) {
      case "reject" -> Action.REJECT;
      case "quarantine" -> Action.QUARANTINE;
      default -> Action.ACCEPT;
    };
  }

  private boolean isOurs(String domain) {
    String d = domain.toLowerCase(Locale.ROOT);
    return d.equals(ourDomain) || d.endsWith("." + ourDomain);
  }

  /** The domain of the single From address, or "" when there is none or more than one. */
  static String fromDomain(RawMessage raw) throws IOException {
    MessageHead head = MessageHead.of(raw);
    List<MessageHead.Field> from = head.all("From");
    if (from.size() != 1) {
      return "";
    }
    try {
      InternetAddress[] a = InternetAddress.parseHeader(from.get(0).value(), false);
      if (a.length != 1 || a[0].getAddress() == null) {
        return "";
      }
      String addr = a[0].getAddress();
      String d = addr.substring(addr.lastIndexOf('@') + 1).toLowerCase(Locale.ROOT);
      return addr.contains("@") && Settings.isDomainName(d) ? d : "";
    } catch (AddressException e) {
      return "";
    }
  }
}
