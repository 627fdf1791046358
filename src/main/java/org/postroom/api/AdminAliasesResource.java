package org.postroom.api;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.postroom.account.AccountService;
import org.postroom.account.Alias;
import org.postroom.core.EmailAddress;
import org.postroom.core.ValidationException;

/** {@code /api/admin/aliases} and {@code /api/admin/catch-all}. */
@Path("admin")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class AdminAliasesResource {
  @Inject AccountService accounts;

  /** An alias: its address and the accounts it delivers to. */
  public record AliasJson(String address, List<String> targets) {
    static AliasJson of(Alias a) {
      return new AliasJson(
          a.address().toString(), a.targets().stream().map(EmailAddress::toString).toList());
    }
  }

  /** The catch-all account, or null for none. */
  public record CatchAllJson(String address) {}

  @GET
  @Path("aliases")
  @Operation(summary = "List aliases")
  public List<AliasJson> list() {
    return accounts.aliases().stream().map(AliasJson::of).toList();
  }

  @POST
  @Path("aliases")
  @Operation(summary = "Create an alias")
  public Response create(AliasJson body) {
    if (body == null) {
      throw ValidationException.of("address", "Send a JSON object with address and targets.");
    }
    Alias a = accounts.createAlias(body.address(), body.targets());
    return Response.created(
            UriBuilder.fromPath("/api/admin/aliases/{a}").build(a.address().toString()))
        .entity(AliasJson.of(a))
        .build();
  }

  @GET
  @Path("aliases/{address}")
  @Operation(summary = "One alias")
  public AliasJson get(@PathParam("address") String address) {
    return AliasJson.of(accounts.alias(address));
  }

  @PATCH
  @Path("aliases/{address}")
  @Operation(summary = "Replace an alias's targets")
  public AliasJson patch(@PathParam("address") String address, AliasJson body) {
    if (body == null) {
      throw ValidationException.of("targets", "Send a JSON object with targets.");
    }
    return AliasJson.of(accounts.updateAlias(address, body.targets()));
  }

  @DELETE
  @Path("aliases/{address}")
  @Operation(summary = "Delete an alias")
  public Response delete(@PathParam("address") String address) {
    accounts.deleteAlias(address);
    return Response.noContent().build();
  }

  @GET
  @Path("catch-all")
  @Operation(summary = "The account that receives mail for unknown addresses")
  public CatchAllJson catchAll() {
    return new CatchAllJson(accounts.catchAll().map(EmailAddress::toString).orElse(null));
  }

  @PUT
  @Path("catch-all")
  @Operation(summary = "Set (or with a null address, clear) the catch-all account")
  public CatchAllJson setCatchAll(CatchAllJson body) {
    return new CatchAllJson(
        accounts
            .setCatchAll(body == null ? null : body.address())
            .map(EmailAddress::toString)
            .orElse(null));
  }
}
