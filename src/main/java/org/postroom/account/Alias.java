package org.postroom.account;

import java.io.Serializable;
import java.util.List;
import org.postroom.core.EmailAddress;

/** An address that delivers to one or more local accounts. */
public record Alias(long id, EmailAddress address, List<EmailAddress> targets)
    implements Serializable {}
