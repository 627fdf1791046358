package org.postroom.deliverability;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.postroom.config.Setting;
import org.postroom.core.RawMessage;
import org.postroom.dns.DnsResolver;
import org.postroom.runtime.ServerSettings;

/**
 * The MX's hook for sender authentication (call it after DATA, before answering): runs {@link
 * InboundChecks} with the configured policy and says what to do. When the checks are switched off
 * or break on a message, the message is accepted with an Authentication-Results field that says
 * {@code none}, so that a forged field further down can never make it look verified.
 */
@ApplicationScoped
public class InboundAuthentication {
  private static final Logger LOG = Logger.getLogger(InboundAuthentication.class.getName());

  @Inject DnsResolver dns;
  @Inject ServerSettings settings;

  /**
   * Checks a message arriving at the MX.
   *
   * @param client the SMTP client's address
   * @param helo its HELO/EHLO name
   * @param reversePath MAIL FROM, "" for the null sender
   */
  public InboundChecks.Verdict check(
      InetAddress client, String helo, String reversePath, RawMessage raw) {
    String host = settings.hostname();
    if (settings.flag(Setting.INBOUND_AUTH) && settings.domain().isPresent()) {
      try {
        return new InboundChecks(dns, host, settings.domain().get(), policy())
            .check(client, helo, reversePath, raw, Instant.now());
      } catch (java.io.IOException | RuntimeException e) {
        LOG.log(
            Level.WARNING, "sender authentication failed on a message; accepting it unverified", e);
      }
    }
    String field = AuthenticationResults.NAME + ": " + host + "; none";
    return new InboundChecks.Verdict(
        InboundChecks.Action.ACCEPT,
        null,
        raw.withPrefix((field + "\r\n").getBytes(StandardCharsets.US_ASCII)),
        null,
        field);
  }

  InboundChecks.Policy policy() {
    return new InboundChecks.Policy(
        settings.get(Setting.INBOUND_OWN_DOMAIN_FAIL),
        settings.get(Setting.INBOUND_DMARC_REJECT),
        settings.get(Setting.INBOUND_DMARC_QUARANTINE),
        settings.get(Setting.INBOUND_DNS_ERROR));
  }

  /** The verified / not verified mark of a stored message, for the webmail. */
  public Optional<AuthenticationResults.Mark> mark(byte[] raw) {
    return AuthenticationResults.read(raw, settings.hostname());
  }
}
