package io.lifeline.audit;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;

/** Replays the tasks of a topology (one per input partition) on a few threads: they share no state. */
final class Tasks {

  private Tasks() {}

  static <R> List<R> run(int partitions, int threads, IntFunction<R> task) {
    ExecutorService pool = Executors.newFixedThreadPool(Math.max(1, Math.min(threads, partitions)), r -> {
      Thread t = new Thread(r, "replay-task");
      t.setDaemon(true);
      return t;
    });
    try {
      List<Future<R>> running = new ArrayList<>();
      for (int p = 0; p < partitions; p++) {
        int partition = p;
        running.add(pool.submit(() -> task.apply(partition)));
      }
      List<R> results = new ArrayList<>();
      for (Future<R> f : running) {
        results.add(f.get());
      }
      return results;
    } catch (ExecutionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    } finally {
      pool.shutdownNow();
    }
  }
}
