package io.lifeline.delivery;

import io.github.resilience4j.bulkhead.BulkheadFullException;
import io.github.resilience4j.bulkhead.ThreadPoolBulkhead;
import io.github.resilience4j.bulkhead.ThreadPoolBulkheadConfig;
import io.github.resilience4j.bulkhead.ThreadPoolBulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.core.IntervalBiFunction;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.github.resilience4j.micrometer.tagged.TaggedThreadPoolBulkheadMetrics;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.lifeline.delivery.channel.Outcome;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Supplier;

/**
 * The resilience4j policies of delivery: a thread-pool bulkhead per channel kind (and one for the
 * billing sink), so a slow Slack occupies only Slack's threads; a circuit breaker per destination (a
 * channel, or the sink), which counts transient failures only, since a 4xx says the request is wrong,
 * not that the target is down; and retries with exponential backoff and jitter.
 */
final class Policies implements AutoCloseable {

  /** A transient outcome, thrown so that resilience4j's retry tries again. */
  static final class TransientFailure extends RuntimeException {
    TransientFailure(String message) {
      super(message, null, false, false);
    }
  }

  private final ThreadPoolBulkheadRegistry bulkheads;
  private final CircuitBreakerRegistry breakers;
  private final ScheduledExecutorService scheduler;
  private final Retry alertRetry;
  private final Retry sinkRetry;
  private final Retry once;

  Policies(DeliverySettings settings, MeterRegistry meters) {
    bulkheads = ThreadPoolBulkheadRegistry.of(ThreadPoolBulkheadConfig.custom()
        .coreThreadPoolSize(settings.concurrency())
        .maxThreadPoolSize(settings.concurrency())
        .queueCapacity(1_000)
        .build());
    breakers = CircuitBreakerRegistry.of(CircuitBreakerConfig.custom()
        .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
        .slidingWindowSize(10)
        .minimumNumberOfCalls(5)
        .failureRateThreshold(50)
        .permittedNumberOfCallsInHalfOpenState(1)
        .waitDurationInOpenState(settings.breakerOpen())
        .recordResult(result -> result instanceof Outcome outcome && outcome.isTransient())
        .build());
    IntervalBiFunction<Object> backoff = IntervalBiFunction.ofIntervalFunction(IntervalFunction
        .ofExponentialRandomBackoff(settings.retryBackoff(), 2.0, 0.5, settings.retryBackoffMax()));
    alertRetry = Retry.of("alerts", RetryConfig.custom().maxAttempts(settings.retryAttempts())
        .intervalBiFunction(backoff).retryOnException(Policies::isTransient).build());
    sinkRetry = Retry.of("billing-sink", RetryConfig.custom().maxAttempts(Integer.MAX_VALUE)
        .intervalBiFunction(backoff).retryOnException(Policies::isTransient).build());
    once = Retry.of("test", RetryConfig.custom().maxAttempts(1).build());
    scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "lifeline-delivery-retry");
      t.setDaemon(true);
      return t;
    });
    TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(breakers).bindTo(meters);
    TaggedThreadPoolBulkheadMetrics.ofThreadPoolBulkheadRegistry(bulkheads).bindTo(meters);
  }

  Retry alertRetry() {
    return alertRetry;
  }

  Retry sinkRetry() {
    return sinkRetry;
  }

  Retry once() {
    return once;
  }

  ScheduledExecutorService scheduler() {
    return scheduler;
  }

  CircuitBreaker breaker(String destination) {
    return breakers.circuitBreaker(destination);
  }

  /**
   * One attempt on the kind's bulkhead, through the destination's breaker. A full bulkhead or an open
   * circuit is a transient outcome like any other: the retry waits and tries again.
   */
  CompletableFuture<Outcome> attempt(String kind, String destination, Supplier<Outcome> call) {
    ThreadPoolBulkhead bulkhead = bulkheads.bulkhead(kind);
    CircuitBreaker breaker = breaker(destination);
    try {
      return bulkhead.executeSupplier(() -> breaker.executeSupplier(call)).toCompletableFuture()
          .exceptionally(Policies::asOutcome);
    } catch (BulkheadFullException e) {
      return CompletableFuture.completedFuture(Outcome.transientFailure(null, null, "the " + kind + " bulkhead is full"));
    }
  }

  /** Futures wrap what failed them; only a transient outcome is retried, never a failure to record one. */
  private static boolean isTransient(Throwable error) {
    Throwable cause = error;
    while (cause instanceof CompletionException && cause.getCause() != null) {
      cause = cause.getCause();
    }
    return cause instanceof TransientFailure;
  }

  private static Outcome asOutcome(Throwable error) {
    Throwable cause = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
    if (cause instanceof CallNotPermittedException) {
      return Outcome.transientFailure(null, null, "circuit open: the destination failed recently; waiting before the next try");
    }
    return Outcome.transientFailure(null, null, cause.getClass().getSimpleName() + ": " + cause.getMessage());
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
    bulkheads.getAllBulkheads().forEach(b -> {
      try {
        b.close();
      } catch (Exception e) {
        // closing a pool that is already stopping
      }
    });
  }
}
