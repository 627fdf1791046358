package org.postroom.delivery;

import org.postroom.account.Quota;
import org.postroom.account.RecipientResolver;
import org.postroom.db.Database;
import org.postroom.mailbox.MailStore;
import org.postroom.runtime.ServerSettings;

/**
 * The delivery beans wired by hand for tests outside the container: the real {@link MailRouter},
 * {@link LocalDelivery} and {@link RecipientResolver} over a test database, with the given outbound
 * queue.
 */
public final class DeliveryParts {
  private DeliveryParts() {}

  public static MailRouter router(Database db, ServerSettings settings, OutboundQueue queue) {
    RecipientResolver resolver = new RecipientResolver(settings);
    LocalDelivery local = new LocalDelivery();
    local.db = db;
    local.resolver = resolver;
    local.store = new MailStore(new Quota());
    MailRouter router = new MailRouter();
    router.db = db;
    router.resolver = resolver;
    router.local = local;
    router.outbound = queue;
    return router;
  }
}
