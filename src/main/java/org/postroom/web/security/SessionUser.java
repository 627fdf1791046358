package org.postroom.web.security;

import java.io.Serializable;
import java.util.Set;
import org.postroom.account.Role;

/**
 * Who is signed in to a web session. Small and serialisable, so sessions can move between nodes.
 */
public record SessionUser(long accountId, String address, Role role) implements Serializable {
  public static final String ATTRIBUTE = "postroom.user";

  public Set<String> groups() {
    return role.groups();
  }
}
