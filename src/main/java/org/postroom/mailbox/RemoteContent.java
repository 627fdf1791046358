package org.postroom.mailbox;

/**
 * What a user's HTML mail may load from other servers (images, styles): NEVER, ASK (blocked, with
 * "show" and "always for this sender" buttons; trusted senders shown), or ALWAYS.
 */
public enum RemoteContent {
  NEVER,
  ASK,
  ALWAYS;

  /** Whether a message from a sender loads remote content, given "show" and the trust list. */
  public boolean shows(boolean asked, boolean trustedSender) {
    return switch (this) {
      case NEVER -> false;
      case ASK -> asked || trustedSender;
      case ALWAYS -> true;
    };
  }
}
