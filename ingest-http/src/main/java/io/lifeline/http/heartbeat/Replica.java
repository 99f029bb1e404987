package io.lifeline.http.heartbeat;

import io.lifeline.heartbeat.CheckDirectory;
import io.lifeline.heartbeat.CheckReplica;
import io.lifeline.http.query.StoreUnavailable;
import io.lifeline.schemas.CheckDefinition;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Predicate;
import org.apache.kafka.streams.errors.InvalidStateStoreException;

/** The edge's view of the check replica: a 503 while it is not running, and bounded waits for a write to show. */
final class Replica {

  static final Duration READ_YOUR_WRITES = Duration.ofSeconds(2);

  private final CheckReplica replica;

  Replica(CheckReplica replica) {
    this.replica = replica;
  }

  CheckDirectory directory() {
    if (replica == null) {
      throw new StoreUnavailable("this instance does not run the edge role");
    }
    try {
      return replica.directory();
    } catch (InvalidStateStoreException e) {
      throw new StoreUnavailable("the check replica is still loading; retry shortly");
    }
  }

  Optional<CheckDefinition> byUuid(String uuid) {
    try {
      return directory().byUuid(uuid);
    } catch (InvalidStateStoreException e) {
      throw new StoreUnavailable("the check replica is still loading; retry shortly");
    }
  }

  /** Waits, bounded, until the replica's row for {@code uuid} satisfies {@code seen}; false if it never did. */
  boolean await(String uuid, Predicate<Optional<CheckDefinition>> seen) {
    return Waits.until(READ_YOUR_WRITES, () -> seen.test(byUuid(uuid)));
  }
}
