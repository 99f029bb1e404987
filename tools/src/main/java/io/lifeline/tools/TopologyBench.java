package io.lifeline.tools;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import io.lifeline.metering.MeteringKeys;
import io.lifeline.schemas.Pulse;
import io.lifeline.schemas.Topics;
import io.lifeline.metering.meter.MeteringSettings;
import io.lifeline.metering.meter.UsageMeterApp;
import io.lifeline.streams.StreamsApp;
import io.lifeline.streams.StreamsEnvironment;
import io.lifeline.streams.StreamsRunner;
import io.lifeline.streams.TopicProvisioner;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.StreamsConfig;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The metering topology alone under exactly_once_v2: pre-loads {@code metering.pulses}, starts a
 * fresh application on it and measures how fast it consumes everything (committed offsets reach the
 * end) with windows short enough that they are all final by then: one-second windows and grace, so
 * the backlog's own append times close them as it is read.
 */
@Command(name = "topology-bench", mixinStandardHelpOptions = true)
public final class TopologyBench implements Runnable {

  @Option(names = "--bootstrap", required = true) String bootstrap;
  @Option(names = "--preload", description = "pulses to add to metering.pulses first") int preload = 1_000_000;
  @Option(names = "--series", description = "distinct tenant|sku|unit keys") int series = 1000;
  @Option(names = "--threads", description = "stream threads") int threads = 2;
  @Option(names = "--commit-interval-ms", description = "commit.interval.ms; 0 keeps Lifeline's setting") int commitIntervalMs = 0;

  public static void main(String[] args) {
    System.exit(new CommandLine(new TopologyBench()).execute(args));
  }

  @Override
  public void run() {
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      new TopicProvisioner(admin, 6, (short) 1).ensureTopics();
      long windows = preload();
      Map<TopicPartition, Long> end = endOffsets(admin, Topics.METERING_PULSES.name());
      long total = end.values().stream().mapToLong(Long::longValue).sum();
      long batchesBefore = endOffsets(admin, Topics.METERING_BATCHES.name()).values().stream().mapToLong(Long::longValue).sum();
      String benchId = "bench-" + UUID.randomUUID().toString().substring(0, 8);
      Map<String, Object> overrides = new HashMap<>(Map.of(StreamsConfig.NUM_STREAM_THREADS_CONFIG, threads));
      if (commitIntervalMs > 0) {
        overrides.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, commitIntervalMs);
      }
      SimpleMeterRegistry meters = new SimpleMeterRegistry();
      StreamsApp meter = new UsageMeterApp(new MeteringSettings(Duration.ofSeconds(1), Duration.ofSeconds(1),
          Duration.ofDays(7), Duration.ofMillis(200)), meters).with(overrides);
      String applicationId = benchId + "-" + meter.name();
      StreamsEnvironment environment = new StreamsEnvironment(bootstrap, benchId,
          Files.createTempDirectory("bench-topology"), null, 1, meters);
      try (StreamsRunner runner = new StreamsRunner(meter, environment, e -> {})) {
        long started = System.nanoTime();
        runner.start();
        runner.awaitRunning(Duration.ofMinutes(2));
        long running = System.nanoTime();
        long cpuAtStart = processCpuNanos();
        long batches = 0;
        while (committed(admin, applicationId, end) < total || batches < windows) {
          Thread.sleep(100);
          // End offsets count transaction markers too, so this is an upper bound of the batches.
          batches = endOffsets(admin, Topics.METERING_BATCHES.name()).values().stream().mapToLong(Long::longValue).sum()
              - batchesBefore;
        }
        long done = System.nanoTime();
        double cpu = (processCpuNanos() - cpuAtStart) / 1e9;
        System.out.printf("pulses=%d seconds=%.2f pulses_per_s=%.0f startup_s=%.2f windows=%d threads=%d cpu_s=%.1f"
                + " cpu_us_per_pulse=%.1f%n", total, (done - running) / 1e9, total / ((done - running) / 1e9),
            (running - started) / 1e9, windows, threads, cpu, cpu * 1e6 / total);
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
   * the application reads them. Returns how many windows they fill.
   */
  private long preload() {
    Map<String, Object> config = Map.of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ProducerConfig.ACKS_CONFIG, "all", ProducerConfig.LINGER_MS_CONFIG, 5,
        ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024, ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    var topic = Topics.METERING_PULSES;
    try (KafkaProducer<String, Pulse> producer = new KafkaProducer<>(config, topic.keySerde().serializer(),
        topic.valueSerde().serializer())) {
      ThreadLocalRandom random = ThreadLocalRandom.current();
      java.util.Set<String> windows = new java.util.HashSet<>();
      for (int i = 0; i < preload; i++) {
        int s = random.nextInt(series);
        String tenant = "tenant-" + s % 100;
        String sku = "SKU-" + s / 100;
        Instant at = Instant.now();
        windows.add(s + "@" + at.toEpochMilli() / 1_000);
        Pulse pulse = Pulse.newBuilder().setId(UUID.randomUUID().toString()).setTenant(tenant).setSku(sku).setUnit("KB")
            .setAmount(BigDecimal.valueOf(random.nextLong(1, 1_000_000), 3).setScale(9)).setOccurredAt(at)
            .setReceivedAt(at).build();
        producer.send(new ProducerRecord<>(topic.name(), MeteringKeys.series(tenant, sku, "KB"), pulse));
      }
      return windows.size();
    }
  }

  private static long processCpuNanos() {
    return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean())
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
