package org.postroom.delivery;

import org.postroom.db.Database;
import org.postroom.server.ServerSettings;

/**
 * The delivery beans wired by hand for tests outside the container: the real {@link MailRouter},
 * {@link LocalDelivery} and {@link RecipientResolver} over a test database, with the given outbound
 * queue.
 */
public final class DeliveryParts {
  private DeliveryParts() {}

  public static MailRouter router(Database db, ServerSettings settings, OutboundQueue queue) {
    RecipientResolver resolver = new RecipientResolver();
    resolver.settings = settings;
    LocalDelivery local = new LocalDelivery();
    local.db = db;
    local.resolver = resolver;
    MailRouter router = new MailRouter();
    router.db = db;
    router.resolver = resolver;
    router.local = local;
    router.outbound = queue;
    return router;
  }
}
