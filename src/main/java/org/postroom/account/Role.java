package org.postroom.account;

/**
 * What an account may do: every account reads and sends its own mail; admins also run the domain.
 */
public enum Role {
  USER,
  ADMIN;

  /** The Jakarta Security group names this role grants. */
  public java.util.Set<String> groups() {
    return this == ADMIN ? java.util.Set.of("user", "admin") : java.util.Set.of("user");
  }
}
