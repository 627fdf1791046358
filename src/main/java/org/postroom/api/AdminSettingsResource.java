package org.postroom.api;

import jakarta.inject.Inject;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import java.util.Arrays;
import java.util.List;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.postroom.account.AccountService;
import org.postroom.config.Setting;
import org.postroom.core.NotFoundException;
import org.postroom.core.ValidationException;
import org.postroom.runtime.ServerSettings;

/**
 * {@code /api/admin/settings}: the same settings as the admin page, for scripts. Runtime keys not
 * fixed by the environment can be changed; secrets are never shown.
 */
@Path("admin/settings")
@Produces(MediaType.APPLICATION_JSON)
@Consumes(MediaType.APPLICATION_JSON)
public class AdminSettingsResource {
  @Inject ServerSettings settings;
  @Inject AccountService accounts;

  /** One setting: its effective value and whether it can be changed here. */
  public record SettingJson(String key, String value, boolean runtime, boolean fromEnvironment) {}

  /** Body of PUT. */
  public record ValueJson(String value) {}

  @GET
  @Operation(summary = "List settings with their effective values")
  public List<SettingJson> list() {
    accounts.requireAdmin();
    return Arrays.stream(Setting.values()).map(this::json).toList();
  }

  @PUT
  @Path("{key}")
  @Operation(summary = "Change a runtime setting")
  public SettingJson set(@PathParam("key") String key, ValueJson body) {
    accounts.requireAdmin();
    Setting s =
        Arrays.stream(Setting.values())
            .filter(x -> x.key().equals(key))
            .findFirst()
            .orElseThrow(() -> new NotFoundException("No such setting: " + key));
    if (s == Setting.DOMAIN) {
      throw ValidationException.of(key, "The domain is set up once, on the setup page.");
    }
    settings.set(s, body == null || body.value() == null ? "" : body.value());
    return json(s);
  }

  private SettingJson json(Setting s) {
    String v = settings.get(s);
    return new SettingJson(
        s.key(),
        s.type() == Setting.Type.SECRET ? (v.isEmpty() ? "" : "(set)") : v,
        s.scope() == Setting.Scope.RUNTIME,
        settings.isFromEnvironment(s));
  }
}
