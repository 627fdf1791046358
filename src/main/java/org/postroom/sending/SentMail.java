package org.postroom.sending;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.postroom.db.Database;
import org.postroom.delivery.queue.DeliveryStatus;
import org.postroom.delivery.queue.QueuedRecipient;

/**
 * Where the recipients of a message the user sent from the webmail stand: delivered here at once,
 * or what the relay did with the others (the relay's own view, scoped to the sender).
 */
@ApplicationScoped
public class SentMail {
  private static final DateTimeFormatter WHEN =
      DateTimeFormatter.ofPattern("d MMM yyyy HH:mm:ss 'UTC'", Locale.ENGLISH);

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
                      a, "delivered", "Delivered here at " + when(sent.get().sentAt()), true));
            }
          }
          Long q = sent.get().queueId();
          if (q != null) {
            List<QueuedRecipient> rs = delivery.recipients(c, accountId, q);
            if (rs.isEmpty()) {
              out.add(
                  new RecipientStatus(
                      "",
                      "unknown",
                      "The relay queue no longer keeps this message's status.",
                      true));
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
      case DELIVERED ->
          new RecipientStatus(
              r.address(),
              "delivered",
              "Delivered to " + r.remoteHost() + " at " + when(r.finishedAt()),
              true);
      case FAILED ->
          new RecipientStatus(
              r.address(),
              "bounced",
              "Bounced: " + (reply.isEmpty() ? "undeliverable" : reply),
              true);
      case DEFERRED ->
          new RecipientStatus(
              r.address(),
              "deferred",
              "Deferred: "
                  + (reply.isEmpty() ? "no answer" : reply)
                  + "; next attempt at "
                  + when(r.nextAttemptAt()),
              false);
      case QUEUED ->
          new RecipientStatus(
              r.address(), "queued", "Queued for " + r.domain() + ", sending now", false);
    };
  }

  private static String when(OffsetDateTime t) {
    return t == null ? "an unknown time" : WHEN.format(t.withOffsetSameInstant(ZoneOffset.UTC));
  }
}
