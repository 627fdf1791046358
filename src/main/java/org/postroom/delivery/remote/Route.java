package org.postroom.delivery.remote;

import java.util.List;

/** Where the mail for one domain goes: servers in the order to try them, or why nowhere. */
public sealed interface Route {
  /** Servers in order of preference (at least one). */
  record Servers(List<MailHost> hosts) implements Route {
    public Servers {
      hosts = List.copyOf(hosts);
    }
  }

  /**
   * No server to try: permanent (null MX, no such domain) or temporary (the DNS did not answer).
   * The reply has code 0 for a temporary failure, or a 5xx code for a permanent one.
   */
  record Nowhere(RemoteReply reason) implements Route {}
}
