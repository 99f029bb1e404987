package io.lifeline.tools;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Open-loop load at a fixed rate over keep-alive connections. Latency counts from the moment a
 * request was due, not when it was sent, so a stalled server shows in the tail instead of hiding.
 */
@Command(name = "rate-client", mixinStandardHelpOptions = true)
public final class RateClient implements Callable<Integer> {

  @Option(names = "--url", required = true) String url;
  @Option(names = "--rate", defaultValue = "10000") int rate;
  @Option(names = "--seconds", defaultValue = "10") int seconds;
  @Option(names = "--warmup-seconds", defaultValue = "3") int warmup;

  public static void main(String[] args) {
    System.exit(new CommandLine(new RateClient()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(5)).build();
    HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).GET().build();
    run(client, request, warmup, null);
    long[] latencies = new long[rate * seconds];
    AtomicInteger errors = run(client, request, seconds, latencies);
    long[] sorted = Arrays.stream(latencies).filter(l -> l > 0).sorted().toArray();
    System.out.printf("sent=%d ok=%d errors=%d p50_ms=%.2f p99_ms=%.2f p999_ms=%.2f max_ms=%.2f%n",
        latencies.length, sorted.length, errors.get(), pct(sorted, 0.50), pct(sorted, 0.99), pct(sorted, 0.999),
        sorted.length == 0 ? 0 : sorted[sorted.length - 1] / 1e6);
    return 0;
  }

  private AtomicInteger run(HttpClient client, HttpRequest request, int secs, long[] latencies)
      throws InterruptedException {
    int total = rate * secs;
    CountDownLatch done = new CountDownLatch(total);
    AtomicInteger errors = new AtomicInteger();
    AtomicLong index = new AtomicLong();
    long start = System.nanoTime();
    long interval = 1_000_000_000L / rate;
    for (int i = 0; i < total; i++) {
      long due = start + i * interval;
      long wait = due - System.nanoTime();
      if (wait > 0) {
        java.util.concurrent.locks.LockSupport.parkNanos(wait);
      }
      int slot = (int) index.getAndIncrement();
      client.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((r, e) -> {
        if (e != null || r.statusCode() != 200) {
          errors.incrementAndGet();
        } else if (latencies != null) {
          latencies[slot] = System.nanoTime() - due;
        }
        done.countDown();
      });
    }
    done.await();
    return errors;
  }

  private static double pct(long[] sorted, double p) {
    return sorted.length == 0 ? 0 : sorted[(int) Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)] / 1e6;
  }
}
