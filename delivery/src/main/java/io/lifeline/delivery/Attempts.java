package io.lifeline.delivery;

import io.github.resilience4j.retry.Retry;
import io.lifeline.delivery.channel.Outcome;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The attempts of one delivery: each on the kind's bulkhead through the destination's breaker
 * ({@link Policies#attempt}), repeated by a resilience4j {@link Retry} while the outcome is transient,
 * and each recorded before the next begins. The future completes with the last outcome once it is
 * recorded; it fails only when an attempt could not be recorded.
 */
final class Attempts {

  /** Records one attempt; {@code last} says no other follows. */
  interface Log {
    CompletableFuture<Void> attempted(int attempt, Outcome outcome, boolean last, long latencyMillis);
  }

  private Attempts() {}

  static CompletableFuture<Outcome> run(Policies policies, Retry retry, String kind, String destination,
      Supplier<Outcome> call, Log log) {
    int max = retry.getRetryConfig().getMaxAttempts();
    AtomicInteger attempts = new AtomicInteger();
    Supplier<CompletionStage<Outcome>> once = () -> {
      int attempt = attempts.incrementAndGet();
      long started = System.nanoTime();
      return policies.attempt(kind, destination, call).thenCompose(outcome -> {
        boolean last = !outcome.isTransient() || attempt >= max;
        return log.attempted(attempt, outcome, last, (System.nanoTime() - started) / 1_000_000)
            .thenCompose(recorded -> last ? CompletableFuture.completedFuture(outcome)
                : CompletableFuture.<Outcome>failedFuture(new Policies.TransientFailure(outcome.error())));
      });
    };
    return Retry.decorateCompletionStage(retry, policies.scheduler(), once).get().toCompletableFuture();
  }
}
