package org.postroom.health;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;
import org.postroom.db.Database;

/** {@code /health/ready} is up only while the database answers. */
@Readiness
@ApplicationScoped
public class DatabaseReadiness implements HealthCheck {
  @Inject Database db;

  @Override
  public HealthCheckResponse call() {
    try {
      boolean ok = db.read(c -> c.isValid(2));
      return HealthCheckResponse.named("database").status(ok).build();
    } catch (RuntimeException e) {
      return HealthCheckResponse.named("database")
          .down()
          .withData("error", String.valueOf(e.getMessage()))
          .build();
    }
  }
}
