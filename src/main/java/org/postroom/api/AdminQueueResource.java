package org.postroom.api;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.OffsetDateTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.postroom.core.ValidationException;
import org.postroom.delivery.queue.QueueFilter;
import org.postroom.delivery.queue.QueuedRecipient;
import org.postroom.delivery.queue.RecipientState;
import org.postroom.delivery.queue.RelayAdmin;
import org.postroom.delivery.queue.SendingPolicy;

/**
 * {@code /api/admin/queue}: the outbound queue (list, one message, retry now, delete with or
 * without a bounce) and {@code /api/admin/senders}: each user's sending limits and suspension.
 */
@Path("admin")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class AdminQueueResource {
  @Inject RelayAdmin relay;

  /** One recipient of a queued message. */
  public record RecipientJson(
      String address,
      String state,
      int attempts,
      boolean inFlight,
      OffsetDateTime lastAttemptAt,
      OffsetDateTime nextAttemptAt,
      String lastReply,
      String remoteHost,
      OffsetDateTime finishedAt) {
    static RecipientJson of(QueuedRecipient r) {
      return new RecipientJson(
          r.address(),
          r.state().name().toLowerCase(Locale.ROOT),
          r.attempts(),
          r.leased(),
          r.lastAttemptAt(),
          r.state().isFinal() ? null : r.nextAttemptAt(),
          r.lastReply(),
          r.remoteHost(),
          r.finishedAt());
    }
  }

  /** A queued message: envelope sender ("" for a bounce), what it is, and each recipient. */
  public record MessageJson(
      long id,
      String sender,
      String subject,
      String messageId,
      long sizeBytes,
      OffsetDateTime queuedAt,
      List<RecipientJson> recipients) {
    static MessageJson of(RelayAdmin.Entry e) {
      var m = e.message();
      return new MessageJson(
          m.id(),
          m.reversePath(),
          m.subject(),
          m.headerMessageId(),
          m.size(),
          m.createdAt(),
          e.recipients().stream().map(RecipientJson::of).toList());
    }
  }

  /** The queue: recipients per state over all messages, and the messages asked for. */
  public record QueueJson(Map<String, Long> recipients, List<MessageJson> messages) {}

  /** How many recipients "retry now" made due. */
  public record RetriedJson(int rescheduled) {}

  /** A user's sending: the limits set (null: the server's default), in force, and used. */
  public record SenderJson(
      String address,
      boolean suspended,
      Integer messagesPerHour,
      Integer messagesPerDay,
      Integer recipientsPerMessage,
      Map<String, Integer> effective,
      long sentLastHour,
      long sentLastDay) {
    static SenderJson of(RelayAdmin.Sender s) {
      Map<String, Integer> eff = new LinkedHashMap<>();
      eff.put("messagesPerHour", s.limits().perHour());
      eff.put("messagesPerDay", s.limits().perDay());
      eff.put("recipientsPerMessage", s.limits().recipientsPerMessage());
      return new SenderJson(
          s.address().toString(),
          s.policy().suspended(),
          s.policy().perHour(),
          s.policy().perDay(),
          s.policy().recipientsPerMessage(),
          eff,
          s.lastHour(),
          s.lastDay());
    }
  }

  /** Body of PUT /senders/{address}: the whole policy (null limits: the server's default). */
  public record SenderPolicyJson(
      Boolean suspended,
      Integer messagesPerHour,
      Integer messagesPerDay,
      Integer recipientsPerMessage) {}

  @GET
  @Path("queue")
  @Operation(
      summary =
          "The outbound queue: messages with each recipient's state, last reply and next attempt."
              + " state=active (default), finished or all")
  public QueueJson queue(
      @QueryParam("state") @DefaultValue("active") String state,
      @QueryParam("limit") @DefaultValue("200") int limit) {
    QueueFilter filter;
    try {
      filter = QueueFilter.valueOf(state.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw ValidationException.of("state", "Use active, finished or all.");
    }
    Map<String, Long> counts = new LinkedHashMap<>();
    for (Map.Entry<RecipientState, Long> c : relay.counts().entrySet()) {
      counts.put(c.getKey().name().toLowerCase(Locale.ROOT), c.getValue());
    }
    return new QueueJson(counts, relay.queue(filter, limit).stream().map(MessageJson::of).toList());
  }

  @GET
  @Path("queue/{id}")
  @Operation(summary = "One queued message")
  public MessageJson message(@PathParam("id") long id) {
    return MessageJson.of(relay.message(id));
  }

  @POST
  @Path("queue/{id}/retry")
  @Operation(summary = "Retry the message's unfinished recipients now")
  public MessageJson retry(@PathParam("id") long id) {
    relay.retryNow(id);
    return MessageJson.of(relay.message(id));
  }

  @POST
  @Path("queue/retry")
  @Operation(summary = "Retry every deferred recipient now")
  public RetriedJson retryAll() {
    return new RetriedJson(relay.retryNow(null));
  }

  @DELETE
  @Path("queue/{id}")
  @Operation(
      summary =
          "Delete a message from the queue; with bounce=true the sender is told that its"
              + " unfinished recipients failed")
  public Response delete(
      @PathParam("id") long id, @QueryParam("bounce") @DefaultValue("false") boolean bounce) {
    relay.delete(id, bounce);
    return Response.noContent().build();
  }

  @GET
  @Path("senders")
  @Operation(summary = "Every user's sending limits, suspension and recent sends")
  public List<SenderJson> senders() {
    return relay.senders().stream().map(SenderJson::of).toList();
  }

  @GET
  @Path("senders/{address}")
  @Operation(summary = "One user's sending limits, suspension and recent sends")
  public SenderJson sender(@PathParam("address") String address) {
    return SenderJson.of(relay.sender(address));
  }

  @PUT
  @Path("senders/{address}")
  @Operation(
      summary =
          "Replace a user's sending policy: suspended, and limits (null: the server's default; 0:"
              + " no limit)")
  public SenderJson setSender(@PathParam("address") String address, SenderPolicyJson body) {
    if (body == null) {
      throw ValidationException.of("suspended", "Send a JSON object with the policy.");
    }
    SendingPolicy p =
        new SendingPolicy(
            Boolean.TRUE.equals(body.suspended()),
            body.messagesPerHour(),
            body.messagesPerDay(),
            body.recipientsPerMessage());
    try {
      return SenderJson.of(relay.setPolicy(address, p));
    } catch (ValidationException e) {
      // name the fields as this API's JSON does, not as the service does
      Map<String, String> errors = new LinkedHashMap<>();
      e.fieldErrors().forEach((f, m) -> errors.put(POLICY_FIELDS.getOrDefault(f, f), m));
      throw new ValidationException(errors);
    }
  }

  private static final Map<String, String> POLICY_FIELDS =
      Map.of("perHour", "messagesPerHour", "perDay", "messagesPerDay");

  @POST
  @Path("senders/{address}/suspend")
  @Operation(summary = "Stop a user's mail to other domains (limits stay as they are)")
  public SenderJson suspend(@PathParam("address") String address) {
    return SenderJson.of(relay.setSuspended(address, true));
  }

  @POST
  @Path("senders/{address}/resume")
  @Operation(summary = "Let a suspended user send to other domains again")
  public SenderJson resume(@PathParam("address") String address) {
    return SenderJson.of(relay.setSuspended(address, false));
  }
}
