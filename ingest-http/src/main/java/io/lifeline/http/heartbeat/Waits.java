package io.lifeline.http.heartbeat;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Bounded polling for read-your-writes: a write is in Kafka, and the local copy follows within milliseconds. */
final class Waits {

  private Waits() {}

  static boolean until(Duration bound, BooleanSupplier condition) {
    long deadline = System.nanoTime() + bound.toNanos();
    while (!condition.getAsBoolean()) {
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
}
