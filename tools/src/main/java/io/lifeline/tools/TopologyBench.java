package io.lifeline.tools;

import io.lifeline.metering.MeteringKeys;
import io.lifeline.metering.meter.MeteringSettings;
import io.lifeline.metering.meter.UsageMeterApp;
import io.lifeline.schemas.BatchKind;
import io.lifeline.schemas.Pulse;
import io.lifeline.schemas.Topics;
import io.lifeline.schemas.UsageBatch;
import io.lifeline.streams.StreamsApp;
import io.lifeline.streams.StreamsEnvironment;
import io.lifeline.streams.StreamsRunner;
import io.lifeline.streams.TopicProvisioner;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.management.ManagementFactory;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.Metric;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TaskMetadata;
import org.apache.kafka.streams.ThreadMetadata;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The metering topology alone under exactly_once_v2: pre-loads {@code metering.pulses} with a
 * backlog, starts a fresh application on it (one or more instances: Kafka Streams clients with their
 * own state, consumers and producers, in this JVM) and measures how fast it turns everything into
 * FINAL batches: the committed offsets reach the end and every window's FINAL can be read. One-second
 * windows and grace, so the backlog's own append times close them as it is read. Checks that the
 * batches' totals are the backlog's to the last digit, and says which partitions each instance owned.
 * Every pulse in the backlog must have a distinct id (each run's pre-load does).
 */
@Command(name = "topology-bench", mixinStandardHelpOptions = true)
public final class TopologyBench implements Runnable {

  @Option(names = "--bootstrap", required = true) String bootstrap;
  @Option(names = "--preload", description = "pulses to add to metering.pulses first") int preload = 2_000_000;
  @Option(names = "--series", description = "distinct tenant|sku|unit keys") int series = 1000;
  @Option(names = "--threads", description = "stream threads per instance") int threads = 2;
  @Option(names = "--instances", description = "Kafka Streams clients of the one application") int instances = 1;
  @Option(names = "--commit-interval-ms", description = "commit.interval.ms; 0 keeps Lifeline's setting") int commitIntervalMs = 0;

  /** Per series, the exact sum of every pulse in the backlog, and its windows: what the batches must come to. */
  private final Map<String, BigDecimal> expected = new TreeMap<>();
  private final Set<String> windows = new HashSet<>();

  public static void main(String[] args) {
    System.exit(new CommandLine(new TopologyBench()).execute(args));
  }

  @Override
  public void run() {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      new TopicProvisioner(admin, 6, (short) 1).ensureTopics();
      preload();
      Map<TopicPartition, Long> end = endOffsets(admin, Topics.METERING_PULSES.name());
      long total = readBacklog(end);
      Map<TopicPartition, Long> batchesFrom = endOffsets(admin, Topics.METERING_BATCHES.name());
      String benchId = "bench-" + UUID.randomUUID().toString().substring(0, 8);
      Map<String, Object> overrides = new HashMap<>(Map.of(StreamsConfig.NUM_STREAM_THREADS_CONFIG, threads));
      if (commitIntervalMs > 0) {
        overrides.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, commitIntervalMs);
      }
      SimpleMeterRegistry meters = new SimpleMeterRegistry();
      StreamsApp meter = new UsageMeterApp(new MeteringSettings(Duration.ofSeconds(1), Duration.ofSeconds(1),
          Duration.ofDays(7), Duration.ofMillis(200)), meters).with(overrides);
      String applicationId = benchId + "-" + meter.name();
      List<StreamsRunner> runners = new ArrayList<>();
      try (BatchReader batches = new BatchReader(bootstrap, batchesFrom)) {
        for (int i = 0; i < instances; i++) {
          runners.add(new StreamsRunner(meter, new StreamsEnvironment(bootstrap, benchId,
              Files.createTempDirectory("bench-topology"), null, 1, 0, meters), e -> { }));
        }
        long started = System.nanoTime();
        runners.forEach(StreamsRunner::start);
        for (StreamsRunner runner : runners) {
          runner.awaitRunning(Duration.ofMinutes(2));
        }
        long running = System.nanoTime();
        long cpuAtStart = processCpuNanos();
        long consumedAt = 0;
        // Done when every window's FINAL is out; a pulse the broker stamped after its window's close is
        // billed by a CORRECTION instead, so a window may never have one: then 10 s without a batch end it.
        long done = 0;
        while (done == 0) {
          batches.poll();
          if (consumedAt == 0 && committed(admin, applicationId, end) >= total) {
            consumedAt = System.nanoTime();
          }
          if (consumedAt != 0 && batches.finals() >= windows.size()) {
            done = System.nanoTime();
          } else if (consumedAt != 0 && System.nanoTime() - Math.max(consumedAt, batches.lastAt()) > 10e9) {
            done = batches.lastAt();
          }
          if (System.nanoTime() - running > Duration.ofMinutes(20).toNanos()) {
            throw new IllegalStateException("not done within 20 minutes");
          }
        }
        double cpu = (processCpuNanos() - cpuAtStart) / 1e9;
        double seconds = (done - running) / 1e9;
        String exact = batches.totals().equals(expected) ? "yes" : "NO";
        System.out.printf("pulses=%d seconds=%.2f pulses_per_s=%.0f consumed_s=%.2f startup_s=%.2f windows=%d finals=%d"
                + " corrections=%d exact=%s instances=%d threads=%d cpu_s=%.1f cpu_us_per_pulse=%.1f%n", total, seconds,
            total / seconds, (consumedAt - running) / 1e9, (running - started) / 1e9, windows.size(), batches.finals(),
            batches.corrections(), exact, instances, threads, cpu, cpu * 1e6 / total);
        for (int i = 0; i < runners.size(); i++) {
          System.out.printf("instance=%d partitions=%s processed=%.0f%n", i + 1, partitions(runners.get(i)),
              processed(runners.get(i)));
        }
      } finally {
        runners.forEach(StreamsRunner::close);
      }
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      throw new IllegalStateException(e);
    }
  }

  /**
   * A backlog, as after an outage: pulses that happened as they were sent, received (stamped by the
   * broker) in order over the time the pre-load takes, so their one-second windows are due by the time
   * the application reads them.
   */
  private void preload() {
    var topic = Topics.METERING_PULSES;
    try (KafkaProducer<String, Pulse> producer = BulkProducer.open(bootstrap, topic.keySerde().serializer(),
        topic.valueSerde().serializer())) {
      ThreadLocalRandom random = ThreadLocalRandom.current();
      for (int i = 0; i < preload; i++) {
        int s = random.nextInt(series);
        String tenant = "tenant-" + s % 100;
        String sku = "SKU-" + s / 100;
        String key = MeteringKeys.series(tenant, sku, "KB");
        Instant at = Instant.now();
        BigDecimal amount = BigDecimal.valueOf(random.nextLong(1, 1_000_000), 3).setScale(9);
        Pulse pulse = Pulse.newBuilder().setId(UUID.randomUUID().toString()).setTenant(tenant).setSku(sku).setUnit("KB")
            .setAmount(amount).setOccurredAt(at).setReceivedAt(at).build();
        producer.send(new ProducerRecord<>(topic.name(), key, pulse));
      }
    }
  }

  /** Reads the whole backlog first, for the sums and windows the batches must come to; returns how many pulses. */
  private long readBacklog(Map<TopicPartition, Long> end) {
    var topic = Topics.METERING_PULSES;
    long read = 0;
    try (KafkaConsumer<String, Pulse> consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG,
        bootstrap, ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed", ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG,
        false, ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"), topic.keySerde().deserializer(),
        topic.valueSerde().deserializer())) {
      consumer.assign(end.keySet());
      consumer.seekToBeginning(end.keySet());
      while (end.keySet().stream().anyMatch(p -> consumer.position(p) < end.get(p))) {
        for (ConsumerRecord<String, Pulse> record : consumer.poll(Duration.ofMillis(500))) {
          Pulse pulse = record.value();
          String key = MeteringKeys.series(pulse.getTenant(), pulse.getSku(), pulse.getUnit());
          expected.merge(key, pulse.getAmount(), BigDecimal::add);
          windows.add(key + "@" + pulse.getOccurredAt().toEpochMilli() / 1_000);
          read++;
        }
      }
    }
    return read;
  }

  /** The batches this run emits, read as a billing consumer would: committed only. */
  private static final class BatchReader implements AutoCloseable {

    private final KafkaConsumer<String, UsageBatch> consumer;
    private final Map<String, BigDecimal> totals = new TreeMap<>();
    private long finals;
    private long corrections;
    private long lastAt;

    BatchReader(String bootstrap, Map<TopicPartition, Long> from) {
      var topic = Topics.METERING_BATCHES;
      consumer = new KafkaConsumer<>(Map.of(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
          ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed", ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false),
          topic.keySerde().deserializer(), topic.valueSerde().deserializer());
      consumer.assign(from.keySet());
      from.forEach(consumer::seek);
    }

    /** Reads what is there within 100 ms. */
    void poll() {
      for (ConsumerRecord<String, UsageBatch> record : consumer.poll(Duration.ofMillis(100))) {
        lastAt = System.nanoTime();
        UsageBatch batch = record.value();
        if (batch.getKind() == BatchKind.FINAL) {
          finals++;
        } else {
          corrections++;
        }
        totals.merge(MeteringKeys.series(batch.getTenant(), batch.getSku(), batch.getUnit()), batch.getTotal(),
            BigDecimal::add);
      }
    }

    /** When the last batch was read (System.nanoTime). */
    long lastAt() {
      return lastAt;
    }

    long finals() {
      return finals;
    }

    long corrections() {
      return corrections;
    }

    Map<String, BigDecimal> totals() {
      return totals;
    }

    @Override
    public void close() {
      consumer.close();
    }
  }

  private static String partitions(StreamsRunner runner) {
    Set<Integer> owned = new TreeSet<>();
    for (ThreadMetadata thread : runner.streams().metadataForLocalThreads()) {
      for (TaskMetadata task : thread.activeTasks()) {
        task.topicPartitions().forEach(p -> owned.add(p.partition()));
      }
    }
    return owned.stream().map(String::valueOf).collect(Collectors.joining(",", "[", "]"));
  }

  /** Records the instance's stream threads processed, from Kafka Streams' own thread metrics. */
  private static double processed(StreamsRunner runner) {
    double sum = 0;
    for (Metric metric : runner.streams().metrics().values()) {
      if (metric.metricName().name().equals("process-total")
          && metric.metricName().group().equals("stream-thread-metrics")) {
        sum += ((Number) metric.metricValue()).doubleValue();
      }
    }
    return sum;
  }

  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
        .getProcessCpuTime();
  }

  private static long committed(Admin admin, String group, Map<TopicPartition, Long> end) throws Exception {
    Map<TopicPartition, OffsetAndMetadata> offsets = admin.listConsumerGroupOffsets(group)
        .partitionsToOffsetAndMetadata().get();
    return end.keySet().stream().mapToLong(p -> offsets.get(p) == null ? 0 : Math.min(offsets.get(p).offset(), end.get(p)))
        .sum();
  }

  private static Map<TopicPartition, Long> endOffsets(Admin admin, String topic) throws Exception {
    List<TopicPartition> partitions = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic).partitions()
        .stream().map(p -> new TopicPartition(topic, p.partition())).toList();
    return admin.listOffsets(partitions.stream().collect(Collectors.toMap(p -> p, p -> OffsetSpec.latest()))).all().get()
        .entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
  }
}
