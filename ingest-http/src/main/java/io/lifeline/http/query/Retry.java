package io.lifeline.http.query;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * Bounded retry for reads that fail while Kafka Streams moves state around. It waits in short steps
 * and, past the bound, gives up with {@link StoreUnavailable} so the client gets a 503, never a
 * wrong empty answer.
 */
final class Retry {

  static final Duration BOUND = Duration.ofSeconds(5);
  private static final long STEP_MILLIS = 50;

  private Retry() {}

  /** {@code attempt} returns null to ask for another try. */
  static <T> T until(String what, Supplier<T> attempt) {
    long deadline = System.nanoTime() + BOUND.toNanos();
    RuntimeException last = null;
    while (true) {
      try {
        T result = attempt.get();
        if (result != null) {
          return result;
        }
      } catch (StoreUnavailable e) {
        throw e;
      } catch (RuntimeException e) {
        last = e;
      }
      if (System.nanoTime() > deadline) {
        throw new StoreUnavailable(what + " is not available now" + (last == null ? "" : ": " + last.getMessage()));
      }
      try {
        Thread.sleep(STEP_MILLIS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new StoreUnavailable(what + " was interrupted");
      }
    }
  }
}
