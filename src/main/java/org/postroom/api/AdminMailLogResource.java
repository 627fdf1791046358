package org.postroom.api;

import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import java.time.OffsetDateTime;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.postroom.maillog.MailLog;
import org.postroom.maillog.MailLogEntry;

/** {@code /api/admin/mail-log}: what happened to each message and recipient, newest first. */
@Path("admin/mail-log")
@Produces(MediaType.APPLICATION_JSON)
public class AdminMailLogResource {
  @Inject MailLog mailLog;

  /** One line of the mail log. */
  public record LineJson(
      long id,
      OffsetDateTime time,
      String mailId,
      String channel,
      String client,
      String helo,
      String user,
      String from,
      String to,
      String messageId,
      Long size,
      int code,
      String reply) {
    static LineJson of(MailLogEntry e) {
      return new LineJson(
          e.id(),
          e.loggedAt(),
          e.mailId(),
          e.channel(),
          e.clientIp(),
          e.clientHelo(),
          e.authUser(),
          e.mailFrom(),
          e.rcptTo(),
          e.messageId(),
          e.size(),
          e.status().code(),
          e.status().line());
    }
  }

  @GET
  @Operation(
      summary = "Search the mail log",
      description =
          "Lines whose sender, recipient, user or Message-ID contains q, or whose mail id or"
              + " client address is q; all lines when q is empty. Newest first; pass the last id"
              + " as before for the next page.")
  public List<LineJson> search(
      @QueryParam("q") String q,
      @QueryParam("before") Long before,
      @QueryParam("limit") @DefaultValue("100") int limit) {
    return mailLog.search(q, before, limit).stream().map(LineJson::of).toList();
  }
}
