package org.postroom.dns;

import java.util.List;
import org.xbill.DNS.Record;

/**
 * The outcome of one DNS query. {@link Status#NXDOMAIN} and {@link Status#NODATA} are answers (the
 * name or the type does not exist); {@link Status#TEMPFAIL} means no answer could be had (timeout,
 * SERVFAIL, network error) and callers must treat it as temporary.
 */
public record DnsAnswer(Status status, List<Record> records, String detail) {
  /** What the resolver said. */
  public enum Status {
    OK,
    NODATA,
    NXDOMAIN,
    TEMPFAIL
  }

  public boolean isOk() {
    return status == Status.OK;
  }

  @SuppressWarnings("unchecked")
  public <T extends Record> List<T> recordsOf(Class<T> type) {
    return (List<T>) records.stream().filter(type::isInstance).toList();
  }
}
