package io.lifeline.query;

import io.lifeline.ports.StoreUnavailable;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.apache.kafka.streams.errors.InvalidStateStoreException;

/**
 * The retry policy of queries: while state moves between instances (a rebalance, a restore, an owner
 * that went away) an attempt is repeated every {@link #EVERY} for up to a bound, on a timer rather
 * than a request thread; after the bound the answer is {@link StoreUnavailable}, a 503.
 */
final class Retry {

  static final Duration EVERY = Duration.ofMillis(50);

  private final ScheduledExecutorService timer;
  private final Duration bound;

  Retry(ScheduledExecutorService timer, Duration bound) {
    this.timer = timer;
    this.bound = bound;
  }

  <T> CompletableFuture<T> run(Supplier<CompletableFuture<T>> attempt) {
    CompletableFuture<T> result = new CompletableFuture<>();
    run(attempt, System.nanoTime() + bound.toNanos(), result);
    return result;
  }

  private <T> void run(Supplier<CompletableFuture<T>> attempt, long deadline, CompletableFuture<T> result) {
    CompletableFuture<T> tried;
    try {
      tried = attempt.get();
    } catch (RuntimeException e) {
      tried = CompletableFuture.failedFuture(e);
    }
    tried.whenComplete((value, error) -> {
      if (error == null) {
        result.complete(value);
        return;
      }
      Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
      if (!isTransient(cause)) {
        result.completeExceptionally(cause);
      } else if (System.nanoTime() > deadline) {
        result.completeExceptionally(cause instanceof StoreUnavailable ? cause : new StoreUnavailable());
      } else {
        timer.schedule(() -> run(attempt, deadline, result), EVERY.toMillis(), TimeUnit.MILLISECONDS);
      }
    });
  }

  private static boolean isTransient(Throwable e) {
    return e instanceof StoreUnavailable || e instanceof InvalidStateStoreException || e instanceof IOException;
  }
}
