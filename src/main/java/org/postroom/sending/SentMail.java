package org.postroom.sending;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.postroom.db.Database;
import org.postroom.delivery.queue.DeliveryStatus;
import org.postroom.delivery.queue.QueuedRecipient;
import org.postroom.delivery.queue.RecipientState;

/**
 * Where the recipients of a message the user sent from the webmail stand: delivered here at once,
 * or what the relay did with the others (the relay's own view, scoped to the sender).
 */
@ApplicationScoped
public class SentMail {
  private final OutgoingRepository outgoing = new OutgoingRepository();

  @Inject Database db;
  @Inject DeliveryStatus delivery;

  /** Per recipient of a message in Sent: delivered, queued, deferred or bounced. */
  public List<RecipientStatus> status(long accountId, long messageId) {
    return db.read(
        c -> {
          Optional<OutgoingRepository.SentRecord> sent = outgoing.sent(c, accountId, messageId);
          if (sent.isEmpty()) {
            return List.of();
          }
          List<RecipientStatus> out = new ArrayList<>();
          for (String a : sent.get().localRecipients().split(",")) {
            if (!a.isBlank()) {
              out.add(
                  new RecipientStatus(
                      a, "delivered", true, null, sent.get().sentAt(), null, null, null, true));
            }
          }
          Long q = sent.get().queueId();
          if (q != null) {
            List<QueuedRecipient> rs = delivery.recipients(c, accountId, q);
            if (rs.isEmpty()) {
              out.add(
                  new RecipientStatus("", "unknown", false, null, null, null, null, null, true));
            }
            for (QueuedRecipient r : rs) {
              out.add(status(r));
            }
          }
          return out;
        });
  }

  private static RecipientStatus status(QueuedRecipient r) {
    String reply = r.lastReply() == null ? "" : r.lastReply().strip();
    return switch (r.state()) {
      case DELIVERED, FAILED ->
          new RecipientStatus(
              r.address(),
              r.state() == RecipientState.DELIVERED ? "delivered" : "bounced",
              false,
              r.remoteHost(),
              r.finishedAt(),
              reply,
              null,
              r.domain(),
              true);
      case DEFERRED ->
          new RecipientStatus(
              r.address(),
              "deferred",
              false,
              r.remoteHost(),
              r.lastAttemptAt(),
              reply,
              r.nextAttemptAt(),
              r.domain(),
              false);
      case QUEUED ->
          new RecipientStatus(
              r.address(), "queued", false, null, null, reply, null, r.domain(), false);
    };
  }
}
