package io.lifeline.http.heartbeat;

import io.lifeline.http.query.StoreUnavailable;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Bounded polling for read-your-writes: a write is in Kafka, and the local copy follows within milliseconds. */
final class Waits {

  private Waits() {}

  static boolean until(Duration bound, BooleanSupplier condition) {
    long deadline = System.nanoTime() + bound.toNanos();
    while (!holds(condition)) {
      if (System.nanoTime() > deadline) {
        return false;
      }
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return true;
  }

  /** The write is already acknowledged; a store that is moving just means "not seen yet". */
  private static boolean holds(BooleanSupplier condition) {
    try {
      return condition.getAsBoolean();
    } catch (StoreUnavailable e) {
      return false;
    }
  }
}
