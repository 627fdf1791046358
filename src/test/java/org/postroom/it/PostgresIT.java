package org.postroom.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import org.junit.jupiter.api.Test;
import org.postroom.testsupport.PostgresServer;
import org.postroom.testsupport.PostroomServer;

/**
 * The shipped jar on PostgreSQL: the same schema, durable across restarts, health follows the
 * database.
 */
class PostgresIT {
  @Test
  void postroomRunsOnPostgresqlAndReportsNotReadyWhileTheDatabaseIsDown() {
    PostgresServer pg = PostgresServer.startNew();
    String url = pg.createDatabase("postroom_it");
    PostroomServer s =
        PostroomServer.builder("postgres")
            .env("POSTROOM_DB_URL", url)
            .env("POSTROOM_DB_USER", "postroom")
            .env("POSTROOM_DB_PASSWORD", "postroom")
            .start();
    try {
      s.createUser("pat@example.test", "pats-password-1", "Pat");
      s.restart();
      assertThat(s.asAdmin("GET", "/api/admin/users/pat@example.test", null).body())
          .contains("\"displayName\":\"Pat\"");
      assertThat(s.request("GET", "/health/ready", null, null, null).body())
          .contains("\"status\":\"UP\"");

      pg.halt();
      HttpResponse<String> down = s.request("GET", "/health/ready", null, null, null);
      assertThat(down.statusCode()).isEqualTo(503);
      assertThat(down.body()).contains("\"status\":\"DOWN\"");

      pg.restart();
      long deadline = System.nanoTime() + 60_000_000_000L;
      String body = "";
      while (System.nanoTime() < deadline && !body.contains("\"status\":\"UP\"")) {
        body = s.request("GET", "/health/ready", null, null, null).body();
      }
      assertThat(body).contains("\"status\":\"UP\"");
      assertThat(s.asAdmin("GET", "/api/admin/users/pat@example.test", null).statusCode())
          .isEqualTo(200);
    } finally {
      s.stop();
    }
  }
}
