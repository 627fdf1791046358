import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import org.h2.jdbcx.JdbcDataSource;
import org.postroom.core.EmailAddress;
import org.postroom.db.Database;
import org.postroom.db.Sql;
import org.postroom.delivery.queue.OutboundStore;
import org.postroom.mailbox.MessageSummary;
import org.postroom.mailbox.RawMessage;

/**
 * Bench-only loader for bench/relay-drain.sh: writes messages straight into a stopped Postroom's H2
 * database with the queue's own store code (what RelayQueue.enqueue does, without the sending
 * limits), so the benchmark can measure how fast the queue drains, not how fast it fills.
 *
 * <p>usage: java -cp target/classes:h2.jar bench/RelayLoader.java JDBC_URL COUNT BYTES RCPT
 * [deferred]
 *
 * <p>With "deferred" the recipients wait a day (until "retry now"); otherwise they are due at once.
 */
public class RelayLoader {
  public static void main(String[] args) {
    String url = args[0];
    int count = Integer.parseInt(args[1]);
    int size = Integer.parseInt(args[2]);
    EmailAddress rcpt = EmailAddress.of(args[3]);
    boolean deferred = args.length > 4 && args[4].equals("deferred");
    if (count > 100_000) {
      throw new IllegalArgumentException("at most 100000 messages");
    }
    JdbcDataSource ds = new JdbcDataSource();
    ds.setURL(url);
    ds.setUser("postroom");
    ds.setPassword("postroom");
    Database db = new Database(ds);
    OutboundStore store = new OutboundStore();
    String run = Long.toHexString(System.nanoTime());
    for (int start = 0; start < count; start += 500) {
      int from = start;
      int to = Math.min(count, start + 500);
      db.run(
          c -> {
            OffsetDateTime now = Sql.now();
            for (int i = from; i < to; i++) {
              String subject = "relay bench " + run + " " + i;
              String id = "<" + run + "." + i + "@example.test>";
              byte[] raw = message(subject, id, rcpt.toString(), size);
              long m =
                  store.insertMessage(
                      c,
                      "load@example.test",
                      null,
                      RawMessage.of(raw),
                      new MessageSummary(
                          "load@example.test", "Load", rcpt.toString(), null, subject, now, id,
                          null, null, false, ""),
                      now);
              long r = store.insertRecipient(c, m, rcpt, now);
              if (deferred) {
                Sql.update(
                    c,
                    "update outbound_recipient set state = 'DEFERRED', next_attempt_at = ?"
                        + " where id = ?",
                    now.plusDays(1),
                    r);
              }
            }
          });
    }
    System.out.println("loaded " + count + " messages of " + size + " bytes to " + rcpt);
  }

  static byte[] message(String subject, String id, String to, int size) {
    StringBuilder m =
        new StringBuilder(size + 200)
            .append("From: Load <load@example.test>\r\n")
            .append("To: ")
            .append(to)
            .append("\r\nSubject: ")
            .append(subject)
            .append("\r\nMessage-ID: ")
            .append(id)
            .append("\r\nDate: Mon, 30 Nov 2026 09:00:00 +0000\r\nMIME-Version: 1.0\r\n")
            .append("Content-Type: text/plain; charset=us-ascii\r\n\r\n");
    String line = "The quick brown fox jumps over the lazy dog; relay bench text line. ";
    while (m.length() < size - 2) {
      m.append(line, 0, Math.min(line.length(), size - 2 - m.length())).append("\r\n");
    }
    return m.toString().getBytes(StandardCharsets.US_ASCII);
  }
}
