package io.lifeline.audit;

import java.io.PrintStream;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/** Records read so far and the rate, on stderr every two seconds while a long log is replayed. */
final class Progress implements AutoCloseable {

  private final String what;
  private final long total;
  private final PrintStream out;
  private final AtomicLong read = new AtomicLong();
  private final long started = System.nanoTime();
  private final ScheduledExecutorService ticker;

  Progress(String what, long total, PrintStream out, boolean show) {
    this.what = what;
    this.total = total;
    this.out = out;
    if (show) {
      ticker = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "replay-progress");
        t.setDaemon(true);
        return t;
      });
      ticker.scheduleAtFixedRate(this::print, 2, 2, TimeUnit.SECONDS);
    } else {
      ticker = null;
    }
  }

  void add(long records) {
    read.addAndGet(records);
  }

  long read() {
    return read.get();
  }

  double seconds() {
    return (System.nanoTime() - started) / 1e9;
  }

  double rate() {
    double seconds = seconds();
    return seconds <= 0 ? 0 : read.get() / seconds;
  }

  private void print() {
    long n = read.get();
    out.printf(Locale.ROOT, "%s: %,d of %,d records read (%.0f%%), %,.0f records/s%n", what, n, total,
        total == 0 ? 100.0 : 100.0 * n / total, rate());
  }

  @Override
  public void close() {
    if (ticker != null) {
      ticker.shutdownNow();
    }
  }
}
