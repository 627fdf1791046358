package org.postroom.sending;

import java.util.List;

/** Fired (CDI event) after the webmail handed a message to the sending pipeline. */
public record MessageSent(long accountId, List<String> recipients) {}
