package org.postroom.api;

import jakarta.inject.Inject;
import jakarta.security.enterprise.SecurityContext;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;
import java.time.OffsetDateTime;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.postroom.account.ApiToken;
import org.postroom.account.ApiTokens;
import org.postroom.core.ValidationException;

/** {@code /api/admin/tokens}: API tokens for scripts, created and revoked by an admin. */
@Path("admin/tokens")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class AdminTokensResource {
  @Inject ApiTokens tokens;
  @Inject SecurityContext security;

  /** A token as listed; {@code token} (the secret) only in the answer that created it. */
  public record TokenJson(
      long id,
      String name,
      String account,
      String prefix,
      String createdBy,
      OffsetDateTime createdAt,
      OffsetDateTime lastUsedAt,
      String token) {
    static TokenJson of(ApiToken t, String secret) {
      return new TokenJson(
          t.id(),
          t.name(),
          t.account().toString(),
          t.prefix(),
          t.createdBy(),
          t.createdAt(),
          t.lastUsedAt(),
          secret);
    }
  }

  /** What to create: a name, and the account it acts as (the caller's own when absent). */
  public record NewToken(String name, String account) {}

  @GET
  @Operation(summary = "List API tokens (never their secrets)")
  public List<TokenJson> list() {
    return tokens.list().stream().map(t -> TokenJson.of(t, null)).toList();
  }

  @POST
  @Operation(
      summary = "Create an API token; the answer holds its secret, shown this once",
      description = "Use it as `Authorization: Bearer <token>`.")
  public Response create(NewToken body) {
    if (body == null) {
      throw ValidationException.of(
          "name", "Send a JSON object with name and, optionally, account.");
    }
    ApiTokens.Created c =
        tokens.create(body.name(), body.account(), security.getCallerPrincipal().getName());
    return Response.created(UriBuilder.fromPath("/api/admin/tokens/{id}").build(c.token().id()))
        .header("Cache-Control", "no-store")
        .entity(TokenJson.of(c.token(), c.secret()))
        .build();
  }

  @DELETE
  @Path("{id}")
  @Operation(summary = "Revoke an API token at once")
  public Response revoke(@PathParam("id") long id) {
    tokens.revoke(id);
    return Response.noContent().build();
  }
}
