package org.postroom.runtime;

/** CDI events around Postroom's life: listeners and workers start and stop on them. */
public final class Lifecycle {
  private Lifecycle() {}

  /** The database is migrated and the domain is known (or awaits setup): start serving. */
  public record Started(ServerSettings settings) {}

  /** Payara is stopping the application: stop accepting, finish what is in flight (bounded). */
  public record Stopping() {}
}
