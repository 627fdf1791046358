package org.postroom.delivery.queue;

/**
 * What the admin set for one user's mail to other domains: suspended or not, and limits that
 * replace the server's defaults (null: the default applies; 0: no limit).
 */
public record SendingPolicy(
    boolean suspended, Integer perHour, Integer perDay, Integer recipientsPerMessage) {
  public static final SendingPolicy DEFAULT = new SendingPolicy(false, null, null, null);
}
