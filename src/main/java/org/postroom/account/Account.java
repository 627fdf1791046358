package org.postroom.account;

import java.io.Serializable;
import java.time.OffsetDateTime;
import org.postroom.core.EmailAddress;

/**
 * One mailbox owner of the domain. Immutable snapshot of a row; change it through AccountService.
 */
public record Account(
    long id,
    EmailAddress address,
    String displayName,
    String passwordHash,
    Role role,
    boolean enabled,
    long quotaBytes,
    long usedBytes,
    OffsetDateTime createdAt)
    implements Serializable {

  public boolean isAdmin() {
    return role == Role.ADMIN;
  }

  /** True when a message of this size would go over the quota (0 means no quota). */
  public boolean wouldExceedQuota(long size) {
    return quotaBytes > 0 && usedBytes + size > quotaBytes;
  }

  /** "Display Name <address>" or the bare address. */
  public String label() {
    return displayName.isBlank() ? address.toString() : displayName + " <" + address + ">";
  }
}
