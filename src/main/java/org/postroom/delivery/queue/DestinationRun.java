package org.postroom.delivery.queue;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.postroom.db.Sql;
import org.postroom.delivery.remote.ClientSession;
import org.postroom.delivery.remote.Outcome;
import org.postroom.delivery.remote.RemoteReply;
import org.postroom.delivery.remote.Route;
import org.postroom.delivery.remote.SmtpClient;

/**
 * One delivery run: the claimed recipients of one domain over one connection. The recipients of a
 * message go in one SMTP transaction (up to {@link #RECIPIENTS_PER_TRANSACTION}), the messages one
 * after another on the same connection; when the claim is worked off, the run claims the domain's
 * next due recipients and keeps the connection, for up to {@link #REUSE_MILLIS}. Results are
 * committed after each transaction, before the next one starts (with other runs' results when they
 * arrive together: {@link GroupCommit}). A route that fails (null MX, no such domain, DNS down) or
 * a server that cannot be reached settles the whole claim without a connection.
 */
final class DestinationRun implements Runnable {
  private static final Logger LOG = Logger.getLogger(DestinationRun.class.getName());
  static final int RECIPIENTS_PER_TRANSACTION = 50;
  static final long REUSE_MILLIS = 300_000;

  private final Relay relay;
  private final String domain;
  private final String token;

  DestinationRun(Relay relay, String domain, String token) {
    this.relay = relay;
    this.domain = domain;
    this.token = token;
  }

  @Override
  public void run() {
    ClientSession session = null;
    try {
      long until = System.currentTimeMillis() + REUSE_MILLIS;
      Route route = null;
      RemoteReply unreachable = null;
      SmtpClient.Options options = null;
      List<QueuedRecipient> claimed = relay.db.read(c -> relay.store.claimed(c, token));
      while (!claimed.isEmpty()) {
        if (route == null) {
          route = relay.route(domain);
          options = relay.options();
        }
        if (route instanceof Route.Nowhere nowhere) {
          settleAll(claimed, nowhere.reason());
        } else {
          if (session == null && unreachable == null) {
            try {
              session = relay.client.connect(((Route.Servers) route).hosts(), options);
            } catch (SmtpClient.Unreachable e) {
              unreachable = e.reason();
            }
          }
          if (unreachable != null) {
            settleAll(claimed, unreachable);
          } else if (!deliver(claimed, session)) {
            break; // the connection broke: what is left goes on a new one
          }
        }
        if (!relay.isRunning() || System.currentTimeMillis() > until) {
          break;
        }
        if (relay.claim(domain, token) == 0) {
          break;
        }
        claimed = relay.db.read(c -> relay.store.claimed(c, token));
      }
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "relay: delivery to " + domain + " failed; retried shortly", e);
    } finally {
      if (session != null) {
        session.close();
      }
      relay.finished(token);
    }
  }

  /**
   * Sends each claimed message over the session.
   *
   * @return false when the connection broke (the rest of the claim is released by the caller)
   */
  private boolean deliver(List<QueuedRecipient> claimed, ClientSession session) {
    Map<Long, List<QueuedRecipient>> byMessage = new LinkedHashMap<>();
    for (QueuedRecipient r : claimed) {
      byMessage.computeIfAbsent(r.messageId(), k -> new ArrayList<>()).add(r);
    }
    for (Map.Entry<Long, List<QueuedRecipient>> e : byMessage.entrySet()) {
      Optional<OutboundRepository.Loaded> loaded =
          relay.db.read(c -> relay.store.load(c, e.getKey()));
      if (loaded.isEmpty()) {
        continue; // deleted meanwhile
      }
      QueuedMessage message = loaded.get().message();
      byte[] content = loaded.get().content();
      List<QueuedRecipient> all = e.getValue();
      for (int from = 0; from < all.size(); from += RECIPIENTS_PER_TRANSACTION) {
        List<QueuedRecipient> chunk =
            all.subList(from, Math.min(all.size(), from + RECIPIENTS_PER_TRANSACTION));
        ClientSession.Result result =
            session.send(
                message.reversePath(),
                chunk.stream().map(QueuedRecipient::address).toList(),
                content);
        if (!result.started()) {
          return false;
        }
        boolean last =
            loaded.get().unfinished() == all.size() && all.size() <= RECIPIENTS_PER_TRANSACTION;
        record(message, chunk, r -> result.replies().get(r.address()), last);
        if (!session.isUsable()) {
          return false;
        }
      }
    }
    return true;
  }

  /** The same reply for every claimed recipient (no route, no server reachable). */
  private void settleAll(List<QueuedRecipient> claimed, RemoteReply reply) {
    Map<Long, List<QueuedRecipient>> byMessage = new LinkedHashMap<>();
    for (QueuedRecipient r : claimed) {
      byMessage.computeIfAbsent(r.messageId(), k -> new ArrayList<>()).add(r);
    }
    for (Map.Entry<Long, List<QueuedRecipient>> e : byMessage.entrySet()) {
      relay
          .db
          .read(c -> relay.store.message(c, e.getKey()))
          .ifPresent(m -> record(m, e.getValue(), r -> reply, false));
    }
  }

  private interface Replies {
    RemoteReply of(QueuedRecipient r);
  }

  /**
   * Commits what one attempt meant for each recipient; logs one line per recipient.
   *
   * @param lastOfMessage these were all the message's unfinished recipients: if they are now
   *     delivered, its bytes go in the same commit (anything else is left to the relay's clean-up
   *     every minute)
   */
  private void record(
      QueuedMessage m, List<QueuedRecipient> recipients, Replies replies, boolean lastOfMessage) {
    OffsetDateTime now = Sql.now();
    List<String> log = new ArrayList<>();
    boolean[] failed = {false};
    relay.results.commit(
        c -> {
          boolean allSent = true;
          for (QueuedRecipient r : recipients) {
            RemoteReply reply = replies.of(r);
            String status = apply(c, m, r, reply, now);
            failed[0] |= status.startsWith("bounced");
            allSent &= status.equals("sent");
            log.add(
                "relay: id="
                    + m.id()
                    + " to=<"
                    + r.address()
                    + "> relay="
                    + (reply.host() == null ? "none" : reply.host())
                    + " status="
                    + status
                    + " ("
                    + reply.line()
                    + ")");
          }
          if (lastOfMessage && allSent) {
            relay.store.dropContent(c, m.id());
          }
        });
    log.forEach(LOG::info);
    if (failed[0]) {
      relay.noticeDue();
    }
  }

  private String apply(
      Connection c, QueuedMessage m, QueuedRecipient r, RemoteReply reply, OffsetDateTime now)
      throws SQLException {
    Outcome outcome = reply.outcome();
    boolean recorded;
    String status;
    if (outcome == Outcome.DELIVERED) {
      recorded = relay.store.markDelivered(c, r.id(), token, reply.host(), reply.line(), now);
      status = "sent";
    } else {
      RetryPolicy policy = relay.policy();
      Optional<OffsetDateTime> next =
          outcome == Outcome.TEMPORARY
              ? policy.nextAttempt(m.createdAt(), r.attempts() + 1, now)
              : Optional.empty();
      if (next.isPresent()) {
        recorded =
            relay.store.markDeferred(c, r.id(), token, reply.host(), reply.line(), now, next.get());
        status = "deferred until " + next.get();
      } else {
        recorded =
            relay.store.markFailed(
                c,
                r.id(),
                token,
                reply.host(),
                reply.line(),
                now,
                !m.isNullSender(),
                reply.host() != null);
        String why =
            outcome == Outcome.TEMPORARY ? " after " + policy.lifetime() + " of retries" : "";
        status = (m.isNullSender() ? "failed" : "bounced") + why;
      }
    }
    // an admin deleted or failed the recipient meanwhile: what it says now stands
    return recorded ? status : "superseded, not recorded: " + status;
  }
}
