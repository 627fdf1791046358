package org.postroom.deliverability;

import jakarta.annotation.Priority;
import jakarta.decorator.Decorator;
import jakarta.decorator.Delegate;
import jakarta.inject.Inject;
import jakarta.interceptor.Interceptor;
import java.io.IOException;
import java.sql.Connection;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.postroom.core.DeliveryException;
import org.postroom.core.RawMessage;
import org.postroom.delivery.Envelope;
import org.postroom.delivery.OutboundQueue;
import org.postroom.runtime.ServerSettings;

/**
 * DKIM-signs a message from our domain once, as it enters the outbound queue (whatever queue
 * implements {@link OutboundQueue}), so every delivery attempt and every recipient gets the same
 * signed bytes. Mail from other domains (forwards) passes unchanged. A signing failure is logged
 * and the message goes out unsigned: a missing signature never costs a message.
 */
@Decorator
@Priority(Interceptor.Priority.APPLICATION)
public abstract class SigningOutboundQueue implements OutboundQueue {
  private static final Logger LOG = Logger.getLogger(SigningOutboundQueue.class.getName());

  @Inject @Delegate OutboundQueue queue;
  @Inject DomainSetupService setup;
  @Inject ServerSettings settings;

  @Override
  public long enqueue(Connection c, Envelope envelope, RawMessage raw, Long submitterAccountId)
      throws DeliveryException {
    RawMessage signed = raw;
    Optional<String> domain = settings.domain();
    if (domain.isPresent()) {
      signed = signIfOurs(raw, domain.get(), setup::signer);
    }
    return queue.enqueue(c, envelope, signed, submitterAccountId);
  }

  /**
   * The message signed when its From address is in our domain (or a subdomain of it) and a signer
   * is available; otherwise the message unchanged.
   */
  static RawMessage signIfOurs(
      RawMessage raw, String ourDomain, java.util.function.Supplier<Optional<DkimSigner>> signer) {
    try {
      String from = InboundChecks.fromDomain(raw);
      String d = ourDomain.toLowerCase(Locale.ROOT);
      if (!from.equals(d) && !from.endsWith("." + d)) {
        return raw;
      }
      Optional<DkimSigner> s = signer.get();
      if (s.isEmpty()) {
        LOG.warning("postroom: no DKIM key available; sending unsigned mail from " + from);
        return raw;
      }
      return s.get().sign(raw, Instant.now());
    } catch (IOException | RuntimeException e) {
      LOG.log(Level.WARNING, "postroom: DKIM signing failed; sending the message unsigned", e);
      return raw;
    }
  }
}
