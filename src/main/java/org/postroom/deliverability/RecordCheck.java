package org.postroom.deliverability;

import java.io.Serializable;
import java.util.List;

/**
 * What DNS says about one record the domain needs.
 *
 * @param record the record to publish (expected)
 * @param status green, amber or red
 * @param found what DNS returned, in presentation form (one entry per record found)
 * @param message one sentence for the admin: what is right or what to change
 */
public record RecordCheck(DnsRecord record, Status status, List<String> found, String message)
    implements Serializable {
  /** The traffic light. */
  public enum Status {
    /** Published as expected. */
    GREEN,
    /** Present but different, optional and missing, or a value Postroom cannot know. */
    AMBER,
    /** A required record is missing or broken. */
    RED;

    public String css() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }

  public RecordCheck {
    found = List.copyOf(found);
  }
}
