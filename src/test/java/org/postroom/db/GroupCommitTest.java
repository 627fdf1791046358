package org.postroom.db;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postroom.core.DeliveryException;
import org.postroom.core.SmtpStatus;

/** Shared commits on H2: every work stored when its call returns, failures kept apart. */
class GroupCommitTest {
  static final AtomicInteger DB = new AtomicInteger();
  Database db;
  GroupCommit gc;

  @BeforeEach
  void start() {
    JdbcDataSource ds = new JdbcDataSource();
    ds.setURL("jdbc:h2:mem:groupcommit" + DB.incrementAndGet() + ";DB_CLOSE_DELAY=-1");
    db = new Database(ds);
    db.run(c -> Sql.execute(c, "create table t (id int primary key)"));
    gc = new GroupCommit(db, "test-group-commit");
    gc.start(Thread::new);
  }

  @AfterEach
  void stop() {
    gc.stop(Duration.ofSeconds(5));
  }

  private boolean stored(int id) {
    return db.read(c -> Sql.count(c, "select count(*) from t where id = ?", id)) == 1;
  }

  private long count() {
    Long n = db.read(c -> Sql.count(c, "select count(*) from t"));
    return n;
  }

  private static void insert(java.sql.Connection c, int id) throws SQLException {
    Sql.update(c, "insert into t (id) values (?)", id);
  }

  private List<Throwable> concurrently(int n, java.util.function.IntConsumer body)
      throws Exception {
    List<Throwable> failures = Collections.synchronizedList(new ArrayList<>());
    List<Thread> threads = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      int id = i;
      Thread t =
          new Thread(
              () -> {
                try {
                  body.accept(id);
                } catch (Throwable e) {
                  failures.add(e);
                }
              });
      t.start();
      threads.add(t);
    }
    for (Thread t : threads) {
      t.join(30_000);
    }
    return failures;
  }

  @Test
  void everyMessageIsCommittedWhenItsCallReturns() throws Exception {
    List<Throwable> failures =
        concurrently(
            40,
            id -> {
              gc.commit(c -> insert(c, id));
              // visible to another connection at once: committed, not just written
              assertThat(stored(id)).as("message %d after store returned", id).isTrue();
            });
    assertThat(failures).isEmpty();
    assertThat(count()).isEqualTo(40);
  }

  @Test
  void aRefusedMessageIsRolledBackAloneAndTheOthersOfItsBatchAreStored() throws Exception {
    List<Throwable> failures =
        concurrently(
            12,
            id -> {
              if (id == 0) {
                // holds the committer so that the others queue up into one batch
                gc.commit(
                    c -> {
                      insert(c, 100);
                      sleep(500);
                    });
                return;
              }
              sleep(100);
              gc.commit(
                  c -> {
                    insert(c, id);
                    if (id % 3 == 0) {
                      throw new DeliveryException(SmtpStatus.of(552, "5.2.2", "full"));
                    }
                  });
            });
    assertThat(failures)
        .hasSize(3)
        .allSatisfy(e -> assertThat(((DeliveryException) e).status().code()).isEqualTo(552));
    for (int id = 1; id < 12; id++) {
      assertThat(stored(id)).as("message %d", id).isEqualTo(id % 3 != 0);
    }
  }

  @Test
  void aMessageThatFailsInTheDatabaseIsTriedAgainOnItsOwn() {
    AtomicInteger attempts = new AtomicInteger();
    gc.commit(
        c -> {
          if (attempts.incrementAndGet() == 1) {
            throw new SQLException("serialization failure, try again");
          }
          insert(c, 7);
        });
    assertThat(attempts).hasValue(2);
    assertThat(stored(7)).isTrue();
  }

  @Test
  void aFailureThatRepeatsReachesTheCaller() {
    assertThatThrownBy(() -> gc.commit(c -> insert(c, 1 / 0)))
        .isInstanceOf(ArithmeticException.class);
    assertThat(count()).isZero();
  }

  @Test
  void afterStopMessagesAreStoredOneByOne() {
    gc.stop(Duration.ofSeconds(5));
    gc.commit(c -> insert(c, 9));
    assertThat(stored(9)).isTrue();
  }

  private static void sleep(long ms) {
    try {
      Thread.sleep(ms);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
