package org.postroom.api;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.postroom.core.ValidationException;
import org.postroom.mailbox.MailImport;
import org.postroom.mailbox.Mbox;

/**
 * {@code POST /api/admin/users/{address}/messages}: imports mail into a user's mailbox, one message
 * ({@code message/rfc822}) or an mbox export ({@code application/mbox}).
 */
@Path("admin/users/{address}/messages")
@Produces(MediaType.APPLICATION_JSON)
public class AdminMessagesResource {
  @Inject MailImport imports;

  /** The answer: where the mail went, how many messages, the ids of the first 1000. */
  public record ImportedJson(String folder, int imported, List<Long> messageIds) {}

  @POST
  @Consumes(MediaType.WILDCARD)
  @Operation(
      summary =
          "Import mail: a message (message/rfc822) or an mbox (application/mbox). Query: folder"
              + " (default Inbox, created if missing), seen=true to import as read.")
  @APIResponse(responseCode = "201", description = "Imported")
  @APIResponse(responseCode = "404", description = "No such account")
  @APIResponse(responseCode = "409", description = "The mailbox is full")
  public Response importMail(
      @PathParam("address") String address,
      @QueryParam("folder") String folder,
      @QueryParam("seen") boolean seen,
      @HeaderParam("Content-Type") String contentType,
      InputStream body) {
    InputStream in = new BufferedInputStream(body, 65536);
    boolean mbox = contentType != null && contentType.toLowerCase().startsWith("application/mbox");
    Iterator<byte[]> source;
    if (mbox) {
      source = new Mbox(in);
    } else {
      byte[] one;
      try {
        one = in.readNBytes(Mbox.MAX_MESSAGE + 1);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      if (one.length == 0) {
        throw ValidationException.of("body", "Send the message as the request body.");
      }
      if (one.length > Mbox.MAX_MESSAGE) {
        throw ValidationException.of("body", "The message is larger than 64 MB.");
      }
      source = List.of(one).iterator();
    }
    try {
      MailImport.Imported r = imports.importMessages(address, folder, seen, source);
      return Response.status(201)
          .entity(new ImportedJson(r.folder(), r.count(), r.firstIds()))
          .build();
    } catch (IllegalArgumentException e) {
      throw ValidationException.of("body", e.getMessage());
    }
  }
}
