package org.postroom.account;

import java.time.OffsetDateTime;
import org.postroom.core.EmailAddress;

/**
 * An API token as listed: never its secret, only the first characters ({@code prefix}) to tell it
 * apart. It acts as {@code account} with that account's role at the time of each request.
 */
public record ApiToken(
    long id,
    String name,
    EmailAddress account,
    String prefix,
    String createdBy,
    OffsetDateTime createdAt,
    OffsetDateTime lastUsedAt) {}
