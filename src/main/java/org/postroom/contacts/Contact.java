package org.postroom.contacts;

import java.io.Serializable;
import java.time.OffsetDateTime;

/** One entry of a user's address book; {@code name} and {@code note} may be empty. */
public record Contact(
    long id,
    String name,
    String address,
    String note,
    Origin origin,
    int useCount,
    OffsetDateTime updatedAt)
    implements Serializable {

  /** OWN: added, edited or imported by the user; COLLECTED: added when the user sent mail. */
  public enum Origin {
    OWN,
    COLLECTED
  }

  public boolean isCollected() {
    return origin == Origin.COLLECTED;
  }

  /** "Name <address>", or the address alone. */
  public String full() {
    return name.isBlank() ? address : name + " <" + address + ">";
  }
}
