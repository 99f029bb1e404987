package io.lifeline.streams;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;

/**
 * Read-your-writes without polling: a processor says which version of a key it has just applied,
 * and whoever wrote that version is waiting on a future that completes then. Versions only grow per
 * key; {@link #DELETED} is the version of a key that is gone.
 */
public final class AppliedVersions {

  public static final long DELETED = Long.MAX_VALUE;
  /** What a store holds for a key it has never seen. */
  public static final long NONE = Long.MIN_VALUE;

  private record Waiter(long version, CompletableFuture<Boolean> done) {}

  private final Map<String, List<Waiter>> waiting = new ConcurrentHashMap<>();

  /** Called by the processor after its store holds {@code version} of {@code key}. */
  public void applied(String key, long version) {
    List<Waiter> waiters = waiting.get(key);
    if (waiters == null) {
      return;
    }
    for (Waiter w : waiters) {
      if (reached(version, w.version())) {
        w.done().complete(true);
      }
    }
  }

  /**
   * Completes with true once {@code key} is at {@code version} or later, or with false after
   * {@code bound}. {@code current} reads the store, so a version applied before this call counts.
   */
  public CompletableFuture<Boolean> await(String key, long version, LongSupplier current, Duration bound) {
    Waiter waiter = new Waiter(version, new CompletableFuture<>());
    waiting.computeIfAbsent(key, k -> new CopyOnWriteArrayList<>()).add(waiter);
    try {
      if (reached(current.getAsLong(), version)) {
        waiter.done().complete(true);
      }
    } catch (RuntimeException e) {
      // The store is moving; the processor's notification or the bound ends the wait.
    }
    return waiter.done().completeOnTimeout(false, bound.toMillis(), TimeUnit.MILLISECONDS)
        .whenComplete((seen, error) -> waiting.computeIfPresent(key, (k, list) -> {
          list.remove(waiter);
          return list.isEmpty() ? null : list;
        }));
  }

  int waiting() {
    return waiting.size();
  }

  private static boolean reached(long applied, long wanted) {
    return wanted == DELETED ? applied == DELETED : applied != DELETED && applied >= wanted;
  }
}
