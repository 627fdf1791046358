package org.postroom.api;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriBuilder;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.Locale;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;
import org.postroom.account.Account;
import org.postroom.account.AccountService;
import org.postroom.account.Role;
import org.postroom.core.ValidationException;

/** {@code /api/admin/users}: the domain's accounts. */
@Path("admin/users")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class AdminUsersResource {
  @Inject AccountService accounts;

  /** An account as the API shows it (never the password hash). */
  public record UserJson(
      String address,
      String displayName,
      String role,
      boolean enabled,
      long quotaBytes,
      long usedBytes,
      OffsetDateTime createdAt) {
    static UserJson of(Account a) {
      return new UserJson(
          a.address().toString(),
          a.displayName(),
          a.role().name().toLowerCase(Locale.ROOT),
          a.enabled(),
          a.quotaBytes(),
          a.usedBytes(),
          a.createdAt());
    }
  }

  /** Body of POST. */
  public record NewUserJson(
      String address, String password, String displayName, String role, Long quotaBytes) {}

  /** Body of PATCH: absent fields stay as they are. */
  public record UserPatchJson(
      String displayName, String password, String role, Boolean enabled, Long quotaBytes) {}

  @GET
  @Operation(summary = "List accounts")
  public List<UserJson> list() {
    return accounts.users().stream().map(UserJson::of).toList();
  }

  @POST
  @Operation(summary = "Create an account")
  @APIResponse(responseCode = "201", description = "Created")
  @APIResponse(responseCode = "400", description = "Field errors")
  @APIResponse(responseCode = "409", description = "The address is taken")
  public Response create(NewUserJson body) {
    if (body == null) {
      throw ValidationException.of("address", "Send a JSON object with address and password.");
    }
    Account a =
        accounts.createUser(
            new AccountService.NewAccount(
                body.address(),
                body.password(),
                body.displayName(),
                role(body.role()),
                body.quotaBytes()));
    return Response.created(
            UriBuilder.fromPath("/api/admin/users/{a}").build(a.address().toString()))
        .entity(UserJson.of(a))
        .build();
  }

  @GET
  @Path("{address}")
  @Operation(summary = "One account")
  public UserJson get(@PathParam("address") String address) {
    return UserJson.of(accounts.user(address));
  }

  @PATCH
  @Path("{address}")
  @Operation(summary = "Change an account: display name, password, role, enabled, quota")
  public UserJson patch(@PathParam("address") String address, UserPatchJson body) {
    if (body == null) {
      throw ValidationException.of("displayName", "Send a JSON object with the fields to change.");
    }
    return UserJson.of(
        accounts.updateUser(
            address,
            new AccountService.AccountChanges(
                body.displayName(),
                body.password(),
                role(body.role()),
                body.enabled(),
                body.quotaBytes())));
  }

  @DELETE
  @Path("{address}")
  @Operation(summary = "Delete an account and its mail")
  public Response delete(@PathParam("address") String address) {
    accounts.deleteUser(address);
    return Response.noContent().build();
  }

  static Role role(String text) {
    if (text == null) {
      return null;
    }
    try {
      return Role.valueOf(text.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw ValidationException.of("role", "Use \"user\" or \"admin\".");
    }
  }
}
