package io.lifeline.tools;

import io.lifeline.metering.MeteringKeys;
import io.lifeline.metering.meter.UsageMeterApp;
import io.lifeline.schemas.BatchKind;
import io.lifeline.schemas.Topics;
import io.lifeline.schemas.UsageBatch;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Sustained metering end to end: NDJSON batches at a fixed rate into a running Lifeline for a while,
 * and meanwhile how far the meter's committed offsets trail the pulses (its consumer lag), and when
 * each window's FINAL can be read by a billing consumer (read_committed) against the window's close
 * (end plus grace). At the end, every series' FINAL plus CORRECTION totals against the sum of what the
 * edge accepted, to the last digit. {@code --prepare} empties the metering topics first, so the meter
 * of the server started next reads only this run's pulses.
 */
@Command(name = "sustained-bench", mixinStandardHelpOptions = true)
public final class SustainedBench implements Callable<Integer> {

  private static final List<String> METERING_TOPICS = List.of(Topics.METERING_PULSES.name(),
      Topics.METERING_PULSES_LATE.name(), Topics.METERING_BATCHES.name());

  @Option(names = "--bootstrap", required = true) String bootstrap;
  @Option(names = "--prepare", description = "empty the metering topics and exit") boolean prepare;
  @Option(names = "--port") int port;
  @Option(names = "--application-id", defaultValue = "lifeline") String applicationId;
  @Option(names = "--rate", description = "pulses per second", defaultValue = "100000") int rate;
  @Option(names = "--batch", description = "pulses per request", defaultValue = "1000") int batch;
  @Option(names = "--connections", defaultValue = "8") int connections;
  @Option(names = "--duration", defaultValue = "PT60S") Duration duration;
  @Option(names = "--window", description = "the server's METERING_WINDOW", defaultValue = "PT5S") Duration window;
  @Option(names = "--grace", description = "the server's METERING_GRACE", defaultValue = "PT1S") Duration grace;

  public static void main(String[] args) {
    System.exit(new CommandLine(new SustainedBench()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      if (prepare) {
        FreshTopics.recreate(admin, METERING_TOPICS);
        return 0;
      }
      return run(admin);
    }
  }

  private int run(Admin admin) throws Exception {
    byte[][] requests = new byte[16][];
    Map<String, BigDecimal>[] sums = requests(requests);
    HttpBench load = new HttpBench();
    load.port = port;
    load.connections = connections;
    load.rate = (double) rate / batch;
    LagSampler lag = new LagSampler(admin, applicationId + "-" + UsageMeterApp.NAME);
    try (BatchWatcher batches = new BatchWatcher(bootstrap, GroupLag.endOffsets(admin, List.of(Topics.METERING_BATCHES.name())),
        window.plus(grace).toMillis())) {
      batches.start();
      lag.start();
      long started = System.nanoTime();
      List<HttpBench.Result> results = load.runFor(requests, duration);
      double seconds = (System.nanoTime() - started) / 1e9;
      long loadEnded = System.currentTimeMillis();
      Map<String, BigDecimal> expected = new TreeMap<>();
      for (HttpBench.Result r : results) {
        for (int i = 0; i < requests.length; i++) {
          for (int n = 0; n < r.acceptedPerRequest()[i]; n++) {
            sums[i].forEach((series, sum) -> expected.merge(series, sum, BigDecimal::add));
          }
        }
      }
      // The last windows close by the clock once the meter has caught up: the input it trailed by at
      // most, twice over, then their end and grace, a scan and a commit.
      long deadline = loadEnded + 2_000 * lag.max() / rate + window.plus(grace).toMillis() + 30_000;
      while (!batches.totals().equals(expected) && System.currentTimeMillis() < deadline) {
        TimeUnit.MILLISECONDS.sleep(200);
      }
      double settled = batches.totals().equals(expected) ? (System.currentTimeMillis() - loadEnded) / 1e3 : -1;
      lag.stopSampling();
      batches.stopWatching();
      long ok = results.stream().mapToLong(HttpBench.Result::ok).sum();
      long failed = results.stream().mapToLong(HttpBench.Result::failed).sum();
      long[] latencies = results.stream().flatMapToLong(r -> Arrays.stream(r.latenciesNanos())).sorted().toArray();
      long[] delays = batches.finalDelaysMillis();
      System.out.printf("pulses=%d pulses_per_s=%.0f failed=%d request_p99_ms=%.1f lag_max=%d lag_max_s=%.2f"
              + " lag_samples=%d windows=%d final_p50_ms=%d final_p99_ms=%d final_max_ms=%d final_over_5s=%d"
              + " corrections=%d exact=%s settled_s=%.1f series=%d%n",
          ok * batch, ok * batch / seconds, failed, HttpBench.percentile(latencies, 0.99), lag.max(),
          lag.max() / (double) rate, lag.samples(), delays.length, at(delays, 0.50), at(delays, 0.99),
          delays.length == 0 ? 0 : delays[delays.length - 1], Arrays.stream(delays).filter(d -> d > 5_000).count(),
          batches.corrections(), settled >= 0 ? "yes" : "NO", settled, expected.size());
      return 0;
    }
  }

  /** NDJSON bodies over 350 series, without ids or times: the edge gives each pulse its id and receive time. */
  @SuppressWarnings("unchecked")
  private Map<String, BigDecimal>[] requests(byte[][] requests) {
    Map<String, BigDecimal>[] sums = new Map[requests.length];
    java.util.Random random = new java.util.Random(13);
    for (int r = 0; r < requests.length; r++) {
      sums[r] = new TreeMap<>();
      StringBuilder body = new StringBuilder();
      for (int i = 0; i < batch; i++) {
        String tenant = "tenant-" + i % 50;
        String sku = "SKU-" + i % 7;
        BigDecimal amount = BigDecimal.valueOf(random.nextInt(1_000_000), 3).setScale(9);
        sums[r].merge(MeteringKeys.series(tenant, sku, "KB"), amount, BigDecimal::add);
        body.append("{\"tenant\":\"").append(tenant).append("\",\"sku\":\"").append(sku).append("\",\"amount\":\"")
            .append(amount.toPlainString()).append("\",\"unit\":\"KB\"}\n");
      }
      byte[] content = body.toString().getBytes(StandardCharsets.UTF_8);
      byte[] head = ("POST /api/v1/pulses HTTP/1.1\r\nHost: 127.0.0.1:" + port
          + "\r\nContent-Type: application/x-ndjson\r\nContent-Length: " + content.length + "\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII);
      requests[r] = Arrays.copyOf(head, head.length + content.length);
      System.arraycopy(content, 0, requests[r], head.length, content.length);
    }
    return sums;
  }

  private static long at(long[] sorted, double p) {
    return sorted.length == 0 ? 0 : sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
  }

  /** The meter's consumer lag on metering.pulses, every 250 ms: the end offsets less the committed ones. */
  private static final class LagSampler extends Thread {

    private final Admin admin;
    private final String group;
    private volatile boolean running = true;
    private volatile long max;
    private volatile int samples;

    LagSampler(Admin admin, String group) {
      super("lag-sampler");
      this.admin = admin;
      this.group = group;
      setDaemon(true);
    }

    @Override
    public void run() {
      while (running) {
        try {
          long lag = GroupLag.of(admin, group, List.of(Topics.METERING_PULSES.name()));
          max = Math.max(max, lag);
          samples++;
          TimeUnit.MILLISECONDS.sleep(250);
        } catch (InterruptedException e) {
          return;
        } catch (Exception e) {
          // a sample missed; the next one counts
        }
      }
    }

    void stopSampling() {
      running = false;
    }

    long max() {
      return max;
    }

    int samples() {
      return samples;
    }
  }

  /** Every batch as a billing consumer sees it, and for each FINAL how long after its window's close. */
  private static final class BatchWatcher extends Thread implements AutoCloseable {

    private final KafkaConsumer<String, UsageBatch> consumer;
    private final long closeAfterStart;
    private final List<Long> finalDelays = new ArrayList<>();
    private final Map<String, BigDecimal> totals = new TreeMap<>();
    private volatile boolean running = true;
    private long corrections;

    BatchWatcher(String bootstrap, Map<TopicPartition, Long> from, long closeAfterStart) {
      super("batch-watcher");
      setDaemon(true);
      this.closeAfterStart = closeAfterStart;
      var topic = Topics.METERING_BATCHES;
      consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
          ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed", ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
          topic.keySerde().deserializer(), topic.valueSerde().deserializer());
      consumer.assign(from.keySet());
      from.forEach(consumer::seek);
    }

    @Override
    public void run() {
      while (running) {
        for (ConsumerRecord<String, UsageBatch> record : consumer.poll(Duration.ofMillis(50))) {
          long seen = System.currentTimeMillis();
          UsageBatch batch = record.value();
          synchronized (this) {
            if (batch.getKind() == BatchKind.FINAL) {
              finalDelays.add(seen - (batch.getWindowStart().toEpochMilli() + closeAfterStart));
            } else {
              corrections++;
            }
            totals.merge(MeteringKeys.series(batch.getTenant(), batch.getSku(), batch.getUnit()), batch.getTotal(),
                BigDecimal::add);
          }
        }
      }
      consumer.close();
    }

    synchronized Map<String, BigDecimal> totals() {
      return new TreeMap<>(totals);
    }

    synchronized long[] finalDelaysMillis() {
      return finalDelays.stream().mapToLong(Long::longValue).sorted().toArray();
    }

    synchronized long corrections() {
      return corrections;
    }

    void stopWatching() {
      running = false;
    }

    @Override
    public void close() throws InterruptedException {
      stopWatching();
      join(5_000);
    }
  }
}
