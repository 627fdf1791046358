package org.postroom.deliverability;

import java.io.Serializable;
import java.time.OffsetDateTime;
import java.util.List;

/** The result of checking every record at one moment. */
public record DnsReport(
    String domain, String hostname, OffsetDateTime checkedAt, List<RecordCheck> checks)
    implements Serializable {
  public DnsReport {
    checks = List.copyOf(checks);
  }

  public long count(RecordCheck.Status s) {
    return checks.stream().filter(c -> c.status() == s).count();
  }

  /** The worst light of all checks. */
  public RecordCheck.Status overall() {
    return checks.stream()
        .map(RecordCheck::status)
        .max(Enum::compareTo)
        .orElse(RecordCheck.Status.GREEN);
  }
}
