package io.lifeline.tools;

import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The seed's pulse producer, for Lifeline: N tenants x M SKUs send pulses at random delays or at a
 * set rate, with duplicates (same id resent) and late pulses (old timestamps) mixed in. At the end
 * it prints what Kafka acknowledged: counts and the exact expected total per key, to check against
 * {@code GET /api/v1/usage}.
 */
@Command(name = "loadgen", mixinStandardHelpOptions = true,
    description = "Sends metering pulses to Lifeline and prints the exact totals it should bill.")
public final class LoadGen implements Runnable {

  @Option(names = "--url", description = "Lifeline base URL (default ${DEFAULT-VALUE})")
  String url = "http://localhost:8080";
  @Option(names = "--tenants", description = "tenants (default ${DEFAULT-VALUE})")
  int tenants = 10;
  @Option(names = "--skus", description = "SKUs per tenant (default ${DEFAULT-VALUE})")
  int skus = 5;
  @Option(names = "--unit", description = "unit of every pulse (default ${DEFAULT-VALUE})")
  String unit = "KB";
  @Option(names = "--count", description = "pulses to send, duplicates included (default ${DEFAULT-VALUE}; 0: until --duration)")
  long count = 10_000;
  @Option(names = "--duration", description = "stop after this long, ISO-8601 (e.g. PT30S); default: no bound")
  Duration duration;
  @Option(names = "--rate", description = "pulses per second over all senders; 0 means as fast as possible (default ${DEFAULT-VALUE})")
  double rate = 0;
  @Option(names = "--min-delay-ms", description = "random pause between a sender's requests, lower bound (default ${DEFAULT-VALUE})")
  int minDelayMs = 0;
  @Option(names = "--max-delay-ms", description = "random pause between a sender's requests, upper bound (default ${DEFAULT-VALUE})")
  int maxDelayMs = 0;
  @Option(names = "--concurrency", description = "concurrent senders (default ${DEFAULT-VALUE})")
  int concurrency = 8;
  @Option(names = "--batch-size", description = "pulses per request: 1 sends single POST /ingest in the original format, more sends NDJSON to /api/v1/pulses (default ${DEFAULT-VALUE})")
  int batchSize = 1;
  @Option(names = "--dup-ratio", description = "share of pulses that resend an earlier pulse with the same id (default ${DEFAULT-VALUE})")
  double dupRatio = 0.0;
  @Option(names = "--late-ratio", description = "share of pulses stamped --late-by in the past (default ${DEFAULT-VALUE})")
  double lateRatio = 0.0;
  @Option(names = "--late-by", description = "how far in the past late pulses are stamped (default ${DEFAULT-VALUE})")
  Duration lateBy = Duration.ofHours(2);

  private record Sent(String id, String key, String amount, Instant at) {}

  private final List<Sent> history = new ArrayList<>();
  private final Map<String, Sent> accepted = new ConcurrentHashMap<>();
  private final AtomicLong pulsesSent = new AtomicLong();
  private final AtomicLong duplicatesSent = new AtomicLong();
  private final AtomicLong lateSent = new AtomicLong();
  private final AtomicLong requests = new AtomicLong();
  private final Map<Integer, AtomicLong> statuses = new ConcurrentHashMap<>();

  public static void main(String[] args) {
    System.exit(new CommandLine(new LoadGen()).execute(args));
  }

  @Override
  public void run() {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    long started = System.nanoTime();
    long deadline = duration == null ? Long.MAX_VALUE : started + duration.toNanos();
    AtomicLong remaining = new AtomicLong(count <= 0 ? Long.MAX_VALUE : count);
    double perSenderInterval = rate > 0 ? concurrency * batchSize / rate * 1e9 : 0;
    ExecutorService senders = Executors.newFixedThreadPool(concurrency);
    for (int s = 0; s < concurrency; s++) {
      senders.execute(() -> {
        long next = System.nanoTime();
        while (System.nanoTime() < deadline) {
          int n = (int) Math.min(batchSize, remaining.getAndAdd(-batchSize));
          if (n <= 0) {
            return;
          }
          send(http, batch(n));
          next += (long) perSenderInterval;
          pause(next);
        }
      });
    }
    senders.shutdown();
    try {
      senders.awaitTermination(365, TimeUnit.DAYS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    report(Duration.ofNanos(System.nanoTime() - started));
  }

  private List<Sent> batch(int n) {
    ThreadLocalRandom random = ThreadLocalRandom.current();
    List<Sent> items = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      Sent earlier = null;
      if (random.nextDouble() < dupRatio) {
        synchronized (history) {
          earlier = history.isEmpty() ? null : history.get(random.nextInt(history.size()));
        }
      }
      if (earlier != null) {
        duplicatesSent.incrementAndGet();
        items.add(earlier);
        continue;
      }
      String key = "tenant-" + random.nextInt(tenants) + "|SKU-" + random.nextInt(skus) + "|" + unit;
      String amount = BigDecimal.valueOf(random.nextLong(1, 1_000_000), 3).toPlainString();
      boolean late = random.nextDouble() < lateRatio;
      if (late) {
        lateSent.incrementAndGet();
      }
      Sent pulse = new Sent(UUID.randomUUID().toString(), key, amount, late ? Instant.now().minus(lateBy) : Instant.now());
      synchronized (history) {
        if (history.size() < 1_000_000) {
          history.add(pulse);
        }
      }
      items.add(pulse);
    }
    return items;
  }

  private void send(HttpClient http, List<Sent> items) {
    StringBuilder body = new StringBuilder(items.size() * 150);
    String path;
    String type;
    if (batchSize == 1) {
      Sent p = items.get(0);
      String[] k = p.key().split("\\|");
      body.append("{\"id\":\"").append(p.id()).append("\",\"tenant_id\":\"").append(k[0]).append("\",\"product_sku\":\"")
          .append(k[1]).append("\",\"used_amount\":").append(p.amount()).append(",\"use_unity\":\"").append(k[2])
          .append("\",\"timestamp\":\"").append(p.at()).append("\"}");
      path = "/ingest";
      type = "application/json";
    } else {
      for (Sent p : items) {
        String[] k = p.key().split("\\|");
        body.append("{\"id\":\"").append(p.id()).append("\",\"tenant\":\"").append(k[0]).append("\",\"sku\":\"")
            .append(k[1]).append("\",\"amount\":").append(p.amount()).append(",\"unit\":\"").append(k[2])
            .append("\",\"timestamp\":\"").append(p.at()).append("\"}\n");
      }
      path = "/api/v1/pulses";
      type = "application/x-ndjson";
    }
    requests.incrementAndGet();
    pulsesSent.addAndGet(items.size());
    int status;
    try {
      status = http.send(HttpRequest.newBuilder(URI.create(url + path)).timeout(Duration.ofSeconds(30))
          .header("Content-Type", type).POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(),
          HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (Exception e) {
      status = 0;
    } 
    statuses.computeIfAbsent(status, s -> new AtomicLong()).incrementAndGet();
    if (status == 202) {
      items.forEach(p -> accepted.putIfAbsent(p.id(), p));
    }
  }

  private void pause(long nextNanos) {
    try {
      if (maxDelayMs > 0) {
        Thread.sleep(ThreadLocalRandom.current().nextInt(minDelayMs, Math.max(minDelayMs, maxDelayMs) + 1));
      } else if (rate > 0) {
        long wait = nextNanos - System.nanoTime();
        if (wait > 0) {
          TimeUnit.NANOSECONDS.sleep(wait);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void report(Duration elapsed) {
    Map<String, BigDecimal> totals = new TreeMap<>();
    Map<String, Long> counts = new TreeMap<>();
    accepted.values().forEach(p -> {
      totals.merge(p.key(), new BigDecimal(p.amount()), BigDecimal::add);
      counts.merge(p.key(), 1L, Long::sum);
    });
    double seconds = elapsed.toNanos() / 1e9;
    System.out.printf("sent %d pulses in %d requests over %.1f s (%.0f pulses/s); duplicates sent %d, late sent %d%n",
        pulsesSent.get(), requests.get(), seconds, pulsesSent.get() / seconds, duplicatesSent.get(), lateSent.get());
    System.out.println("answers: " + new TreeMap<>(statuses) + " (0 = no answer)");
    System.out.printf("distinct pulses acknowledged: %d; expected totals per key (tenant|sku|unit  count  total):%n",
        accepted.size());
    totals.forEach((key, total) -> System.out.printf("%s  %d  %s%n", key, counts.get(key), total.toPlainString()));
  }
}
