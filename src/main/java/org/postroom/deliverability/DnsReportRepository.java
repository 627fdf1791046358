package org.postroom.deliverability;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputFilter;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;
import org.postroom.db.Sql;

/**
 * The last DNS report, one row for every node. Stored serialised; a report that no longer reads
 * (after an upgrade changed its classes) is simply absent, and the next check replaces it.
 */
final class DnsReportRepository {
  private static final ObjectInputFilter ONLY_REPORTS =
      ObjectInputFilter.Config.createFilter(
          "org.postroom.deliverability.*;java.lang.*;java.util.*;java.time.*;maxdepth=10;!*");

  Optional<DnsReport> find(Connection c) throws SQLException {
    return Sql.one(c, "select report from dns_report where id = 1", rs -> rs.getBytes(1))
        .flatMap(DnsReportRepository::read);
  }

  void save(Connection c, DnsReport r) throws SQLException {
    byte[] bytes = write(r);
    if (Sql.update(
            c,
            "update dns_report set checked_at = ?, report = ? where id = 1",
            r.checkedAt(),
            bytes)
        == 0) {
      Sql.update(
          c,
          "insert into dns_report (id, checked_at, report) values (1, ?, ?)",
          r.checkedAt(),
          bytes);
    }
  }

  private static byte[] write(DnsReport r) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (ObjectOutputStream o = new ObjectOutputStream(out)) {
      o.writeObject(r);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  private static Optional<DnsReport> read(byte[] bytes) {
    try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes))) {
      in.setObjectInputFilter(ONLY_REPORTS);
      return Optional.of((DnsReport) in.readObject());
    } catch (IOException | ClassNotFoundException | ClassCastException e) {
      return Optional.empty();
    }
  }
}
