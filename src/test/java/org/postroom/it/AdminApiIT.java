package org.postroom.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.postroom.testsupport.PostroomServer;
import org.postroom.testsupport.RawHttp;

/** The admin API as a client sees it, against the shared Postroom. */
class AdminApiIT {
  static PostroomServer server;

  @BeforeAll
  static void start() {
    server = PostroomServer.shared();
  }

  HttpResponse<String> admin(String method, String path, String json) {
    return server.asAdmin(method, path, json);
  }

  @Test
  void createReadChangeAndDeleteAUser() {
    HttpResponse<String> created =
        admin(
            "POST",
            "/api/admin/users",
            "{\"address\":\"frank.api@example.test\",\"password\":\"franks-password\",\"displayName\":\"Frank\"}");
    assertThat(created.statusCode()).isEqualTo(201);
    assertThat(created.headers().firstValue("Location"))
        .hasValueSatisfying(l -> assertThat(l).endsWith("/api/admin/users/frank.api@example.test"));
    assertThat(created.body())
        .contains("\"role\":\"user\"", "\"enabled\":true")
        .doesNotContain("password");

    assertThat(admin("GET", "/api/admin/users", null).body()).contains("frank.api@example.test");
    HttpResponse<String> patched =
        admin(
            "PATCH",
            "/api/admin/users/frank.api@example.test",
            "{\"displayName\":\"Frank Q\",\"quotaBytes\":5000000,\"role\":\"admin\"}");
    assertThat(patched.statusCode()).isEqualTo(200);
    assertThat(patched.body())
        .contains("\"displayName\":\"Frank Q\"", "\"quotaBytes\":5000000", "\"role\":\"admin\"");
    // the new admin can use the API, then loses it when demoted
    assertThat(
            server
                .request(
                    "GET", "/api/admin/users", "frank.api@example.test", "franks-password", null)
                .statusCode())
        .isEqualTo(200);
    admin("PATCH", "/api/admin/users/frank.api@example.test", "{\"role\":\"user\"}");
    assertThat(
            server
                .request(
                    "GET", "/api/admin/users", "frank.api@example.test", "franks-password", null)
                .statusCode())
        .isEqualTo(403);

    assertThat(admin("DELETE", "/api/admin/users/frank.api@example.test", null).statusCode())
        .isEqualTo(204);
    HttpResponse<String> gone = admin("GET", "/api/admin/users/frank.api@example.test", null);
    assertThat(gone.statusCode()).isEqualTo(404);
    assertThat(gone.body()).contains("\"error\"");
  }

  @Test
  void fieldErrorsComeBackPerFieldAndNothingIsCreated() {
    HttpResponse<String> r =
        admin(
            "POST",
            "/api/admin/users",
            "{\"address\":\"x y@example.test\",\"password\":\"short\",\"role\":\"king\"}");
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.headers().firstValue("Content-Type"))
        .hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
    assertThat(r.body()).contains("\"role\":\"Use \\\"user\\\" or \\\"admin\\\".\"");
    HttpResponse<String> r2 =
        admin(
            "POST",
            "/api/admin/users",
            "{\"address\":\"x y@example.test\",\"password\":\"short\"}");
    assertThat(r2.body()).contains("\"address\":", "\"password\":\"Use at least 10 characters.\"");
    HttpResponse<String> other =
        admin(
            "POST",
            "/api/admin/users",
            "{\"address\":\"bob@other.test\",\"password\":\"long-enough-pw\"}");
    assertThat(other.statusCode()).isEqualTo(400);
    assertThat(other.body()).contains("Only addresses @example.test");
    assertThat(admin("GET", "/api/admin/users", null).body()).doesNotContain("other.test");
    assertThat(admin("POST", "/api/admin/users", "{not json").statusCode()).isEqualTo(400);
  }

  @Test
  void aDuplicateAddressIsAConflict() {
    server.createUser("gina.api@example.test", "ginas-password", "Gina");
    HttpResponse<String> again =
        admin(
            "POST",
            "/api/admin/users",
            "{\"address\":\"GINA.api@example.test\",\"password\":\"another-password\"}");
    assertThat(again.statusCode()).isEqualTo(409);
    assertThat(again.body())
        .contains("\"address\":\"An account gina.api@example.test already exists.\"");
    HttpResponse<String> alias =
        admin(
            "POST",
            "/api/admin/aliases",
            "{\"address\":\"gina.api@example.test\",\"targets\":[\"postmaster@example.test\"]}");
    assertThat(alias.statusCode()).isEqualTo(409);
  }

  @Test
  void postmasterCannotBeDeletedDisabledOrDemoted() {
    assertThat(admin("DELETE", "/api/admin/users/postmaster@example.test", null).statusCode())
        .isEqualTo(409);
    assertThat(
            admin("PATCH", "/api/admin/users/postmaster@example.test", "{\"enabled\":false}")
                .statusCode())
        .isEqualTo(409);
    HttpResponse<String> demote =
        admin("PATCH", "/api/admin/users/postmaster@example.test", "{\"role\":\"user\"}");
    assertThat(demote.statusCode()).isEqualTo(409);
    assertThat(demote.body()).contains("postmaster@ must stay an enabled admin");
    assertThat(admin("GET", "/api/admin/users/postmaster@example.test", null).body())
        .contains("\"role\":\"admin\"", "\"enabled\":true");
  }

  @Test
  void aliasesDeliverToExistingAccountsAndAbuseCannotBeRemoved() {
    server.createUser("hal.api@example.test", "hals-password-1", "Hal");
    HttpResponse<String> bad =
        admin(
            "POST",
            "/api/admin/aliases",
            "{\"address\":\"team.api@example.test\",\"targets\":[\"nobody@example.test\"]}");
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(bad.body()).contains("No account nobody@example.test exists.");
    HttpResponse<String> ok =
        admin(
            "POST",
            "/api/admin/aliases",
            "{\"address\":\"team.api\",\"targets\":[\"hal.api\",\"postmaster@example.test\"]}");
    assertThat(ok.statusCode()).isEqualTo(201);
    assertThat(ok.body())
        .contains(
            "\"address\":\"team.api@example.test\"",
            "hal.api@example.test",
            "postmaster@example.test");
    HttpResponse<String> patched =
        admin(
            "PATCH",
            "/api/admin/aliases/team.api@example.test",
            "{\"targets\":[\"hal.api@example.test\"]}");
    assertThat(patched.body()).contains("hal.api@example.test").doesNotContain("postmaster");
    assertThat(admin("DELETE", "/api/admin/aliases/team.api@example.test", null).statusCode())
        .isEqualTo(204);
    assertThat(admin("GET", "/api/admin/aliases/team.api@example.test", null).statusCode())
        .isEqualTo(404);

    HttpResponse<String> abuse = admin("DELETE", "/api/admin/aliases/abuse@example.test", null);
    assertThat(abuse.statusCode()).isEqualTo(409);
    assertThat(admin("GET", "/api/admin/aliases/abuse@example.test", null).statusCode())
        .isEqualTo(200);
  }

  @Test
  void theCatchAllIsSetAndCleared() {
    server.createUser("ivy.api@example.test", "ivys-password-1", "Ivy");
    assertThat(
            admin("PUT", "/api/admin/catch-all", "{\"address\":\"ivy.api@example.test\"}").body())
        .contains("ivy.api@example.test");
    assertThat(admin("GET", "/api/admin/catch-all", null).body()).contains("ivy.api@example.test");
    assertThat(
            admin("PUT", "/api/admin/catch-all", "{\"address\":\"nobody@example.test\"}")
                .statusCode())
        .isEqualTo(400);
    assertThat(admin("PUT", "/api/admin/catch-all", "{\"address\":null}").body())
        .doesNotContain("ivy");
    assertThat(admin("GET", "/api/admin/catch-all", null).body()).doesNotContain("ivy");
  }

  @Test
  void aDisabledAccountCannotSignIn() {
    server.createUser("jack.api@example.test", "jacks-password-1", "Jack");
    admin("PATCH", "/api/admin/users/jack.api@example.test", "{\"role\":\"admin\"}");
    assertThat(
            server
                .request(
                    "GET", "/api/admin/users", "jack.api@example.test", "jacks-password-1", null)
                .statusCode())
        .isEqualTo(200);
    admin("PATCH", "/api/admin/users/jack.api@example.test", "{\"enabled\":false}");
    assertThat(
            server
                .request(
                    "GET", "/api/admin/users", "jack.api@example.test", "jacks-password-1", null)
                .statusCode())
        .isEqualTo(401);
  }

  @Test
  void clientsWithoutTheRightCredentialsGetJsonErrors() {
    HttpResponse<String> anonymous = server.request("GET", "/api/admin/users", null, null, null);
    assertThat(anonymous.statusCode()).isEqualTo(401);
    assertThat(anonymous.headers().firstValue("WWW-Authenticate"))
        .hasValueSatisfying(v -> assertThat(v).startsWith("Basic"));
    assertThat(anonymous.body()).startsWith("{\"error\"");
    server.createUser("kim.api@example.test", "kims-password-1", "Kim");
    HttpResponse<String> user =
        server.request("GET", "/api/admin/users", "kim.api@example.test", "kims-password-1", null);
    assertThat(user.statusCode()).isEqualTo(403);
    assertThat(user.body()).startsWith("{\"error\"").doesNotContain("postmaster");
    assertThat(user.headers().firstValue("Set-Cookie")).isEmpty();
  }

  @Test
  void theOpenApiDocumentDescribesTheAdminApi() {
    HttpResponse<String> r = server.request("GET", "/openapi", null, null, null);
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.body()).contains("/api/admin/users", "/api/admin/aliases", "basic");
  }

  @Test
  void repeatedWrongPasswordsForOneAccountAreThrottledEvenWithTheRightPasswordAfterwards() {
    server.createUser("leo.api@example.test", "leos-password-1", "Leo");
    for (int i = 0; i < 10; i++) {
      assertThat(
              server
                  .request("GET", "/api/admin/users", "leo.api@example.test", "wrong-" + i, null)
                  .statusCode())
          .isEqualTo(401);
    }
    HttpResponse<String> r =
        server.request("GET", "/api/admin/users", "leo.api@example.test", "leos-password-1", null);
    assertThat(r.statusCode()).isEqualTo(429);
    assertThat(r.headers().firstValue("Retry-After")).isPresent();
  }

  @Test
  void repeatedFailuresFromOneClientAddressAreThrottledForThatAddressOnly() {
    int port = server.port("POSTROOM_HTTP_PORT");
    for (int i = 0; i < 20; i++) {
      // a different unknown account each time, so only the address's count fills up
      String wrong =
          "Authorization: Basic "
              + java.util.Base64.getEncoder()
                  .encodeToString(("nobody" + i + "@example.test:wrong-password").getBytes())
              + "\r\n";
      assertThat(
              RawHttp.request("127.0.0.9", port, "GET", "/api/admin/users", wrong, null).status())
          .isEqualTo(401);
    }
    String right =
        "Authorization: Basic "
            + java.util.Base64.getEncoder()
                .encodeToString(
                    (PostroomServer.ADMIN + ":" + PostroomServer.ADMIN_PASSWORD).getBytes())
            + "\r\n";
    assertThat(RawHttp.request("127.0.0.9", port, "GET", "/api/admin/users", right, null).status())
        .isEqualTo(429);
    assertThat(RawHttp.request("127.0.0.10", port, "GET", "/api/admin/users", right, null).status())
        .isEqualTo(200);
  }

  HttpResponse<String> withToken(String method, String path, String token) throws Exception {
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create(server.baseUrl() + path))
                .header("Authorization", "Bearer " + token)
                .method(method, HttpRequest.BodyPublishers.noBody())
                .build(),
            HttpResponse.BodyHandlers.ofString());
  }

  static String secretOf(HttpResponse<String> created) {
    Matcher m = Pattern.compile("\"token\":\"(prt_[A-Za-z0-9_-]{43})\"").matcher(created.body());
    assertThat(m.find()).as("a token in " + created.body()).isTrue();
    return m.group(1);
  }

  /**
   * A script uses a token instead of a password: created by an admin and shown once, it acts as its
   * account with that account's role, is listed without its secret, and stops at once when revoked.
   */
  @Test
  void anApiTokenWorksInsteadOfAPasswordUntilItIsRevoked() throws Exception {
    HttpResponse<String> created =
        admin("POST", "/api/admin/tokens", "{\"name\":\"backup script\"}");
    assertThat(created.statusCode()).isEqualTo(201);
    assertThat(created.headers().firstValue("Cache-Control")).hasValue("no-store");
    String token = secretOf(created);
    assertThat(created.body())
        .contains("\"name\":\"backup script\"", "\"account\":\"" + PostroomServer.ADMIN + "\"");

    HttpResponse<String> users = withToken("GET", "/api/admin/users", token);
    assertThat(users.statusCode()).isEqualTo(200);
    assertThat(users.body()).contains(PostroomServer.ADMIN);

    HttpResponse<String> list = admin("GET", "/api/admin/tokens", null);
    assertThat(list.body())
        .contains("backup script", token.substring(0, 10))
        .doesNotContain(token)
        .doesNotContain("\"token\"");

    // a token for an ordinary user has that user's rights only
    server.createUser("tokenuser@" + PostroomServer.DOMAIN, "token-user-password", "T");
    String userToken =
        secretOf(
            admin(
                "POST",
                "/api/admin/tokens",
                "{\"name\":\"user script\",\"account\":\"tokenuser@"
                    + PostroomServer.DOMAIN
                    + "\"}"));
    assertThat(withToken("GET", "/api/admin/users", userToken).statusCode()).isEqualTo(403);

    Matcher id = Pattern.compile("\"id\":(\\d+)").matcher(created.body());
    assertThat(id.find()).isTrue();
    assertThat(admin("DELETE", "/api/admin/tokens/" + id.group(1), null).statusCode())
        .isEqualTo(204);
    HttpResponse<String> revoked = withToken("GET", "/api/admin/users", token);
    assertThat(revoked.statusCode()).isEqualTo(401);
    assertThat(revoked.headers().allValues("WWW-Authenticate"))
        .anyMatch(v -> v.startsWith("Bearer"));
    assertThat(withToken("GET", "/api/admin/users", "prt_" + "A".repeat(43)).statusCode())
        .isEqualTo(401);
  }

  @Test
  void aTokenNeedsANameAndAnExistingAccount() {
    HttpResponse<String> noName = admin("POST", "/api/admin/tokens", "{\"name\":\" \"}");
    assertThat(noName.statusCode()).isEqualTo(400);
    assertThat(noName.body()).contains("\"name\"");
    HttpResponse<String> noAccount =
        admin(
            "POST",
            "/api/admin/tokens",
            "{\"name\":\"x\",\"account\":\"nobody@" + PostroomServer.DOMAIN + "\"}");
    assertThat(noAccount.statusCode()).isEqualTo(400);
    assertThat(noAccount.body()).contains("\"account\"");
  }
}
