package org.postroom.mime;

import java.io.Serializable;

/** One decoded address of a header: display name (may be empty) and address (may be empty). */
public record MailAddress(String name, String address) implements Serializable {
  /** What a person would read: the name, else the address. */
  public String label() {
    return name != null && !name.isBlank() ? name : address;
  }

  /** "Name <address>", or whichever of the two exists. */
  public String full() {
    if (name == null || name.isBlank()) {
      return address;
    }
    return address == null || address.isBlank() ? name : name + " <" + address + ">";
  }
}
