package io.lifeline.tools;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.lifeline.audit.Replay;
import io.lifeline.metering.MeteringKeys;
import io.lifeline.schemas.Pulse;
import io.lifeline.schemas.Topics;
import io.lifeline.streams.TopicProvisioner;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The audit replay at scale: tops {@code metering.pulses} up to {@code --pulses} records, waits until
 * their (ten-second) windows are closed, then runs {@code replay metering} over all of it, as
 * {@code scripts/replay} does, and prints how fast it went. No meter runs here, so the batches it
 * derives are all reported missing; the figure is the replay's.
 */
@Command(name = "replay-bench", mixinStandardHelpOptions = true)
public final class ReplayBench implements Callable<Integer> {

  @Option(names = "--bootstrap", required = true) String bootstrap;
  @Option(names = "--pulses", description = "records metering.pulses should hold") long pulses = 10_000_000;
  @Option(names = "--series", description = "distinct tenant|sku|unit keys") int series = 1000;
  @Option(names = "--producers", description = "producer threads for the top-up") int producers = 2;

  private static final Duration WINDOW = Duration.ofSeconds(10);
  private static final Duration GRACE = Duration.ofSeconds(1);
  private static final Duration SETTLE = Duration.ofSeconds(1);

  public static void main(String[] args) {
    System.exit(new CommandLine(new ReplayBench()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    long existing;
    try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap))) {
      new TopicProvisioner(admin, 6, (short) 1).ensureTopics();
      existing = records(admin);
    }
    long topUp = Math.max(0, pulses - existing);
    long started = System.nanoTime();
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < producers; t++) {
      long share = topUp / producers + (t < topUp % producers ? 1 : 0);
      Thread thread = new Thread(() -> produce(share), "replay-bench-producer");
      thread.start();
      threads.add(thread);
    }
    for (Thread thread : threads) {
      thread.join();
    }
    double produced = (System.nanoTime() - started) / 1e9;
    // Every pulse in a closed window and none too recent to compare: the replay then derives every batch.
    Thread.sleep(WINDOW.plus(GRACE).plus(SETTLE).plusSeconds(2).toMillis());

    Path report = Files.createTempFile("replay-bench", ".json");
    int status = Replay.run("metering", "--bootstrap", bootstrap, "--window", WINDOW.toString(), "--grace",
        GRACE.toString(), "--settle", SETTLE.toString(), "--json", report.toString());
    JsonNode json = new ObjectMapper().readTree(report.toFile());
    Files.delete(report);
    long replayed = json.get("records").asLong();
    double seconds = json.get("seconds").asDouble();
    System.out.printf("pulses=%d seconds=%.1f pulses_per_s=%.0f batches=%d windows=%s topped_up=%d produce_s=%.1f "
        + "exit=%d%n", replayed, seconds, replayed / seconds, json.get("compared").get(0).get("records").asLong(),
        WINDOW, topUp, produced, status);
    return 0;
  }

  private void produce(long count) {
    var topic = Topics.METERING_PULSES;
    try (KafkaProducer<String, Pulse> producer = BulkProducer.open(bootstrap, topic.keySerde().serializer(),
        topic.valueSerde().serializer())) {
      ThreadLocalRandom random = ThreadLocalRandom.current();
      for (long i = 0; i < count; i++) {
        int s = random.nextInt(series);
        String tenant = "tenant-" + s % 100;
        String sku = "SKU-" + s / 100;
        Instant at = Instant.now();
        Pulse pulse = Pulse.newBuilder().setId(UUID.randomUUID().toString()).setTenant(tenant).setSku(sku)
            .setUnit("KB").setAmount(BigDecimal.valueOf(random.nextLong(1, 1_000_000), 3).setScale(9))
            .setOccurredAt(at).setReceivedAt(at).build();
        producer.send(new ProducerRecord<>(topic.name(), MeteringKeys.series(tenant, sku, "KB"), pulse));
      }
    }
  }

  private static long records(Admin admin) throws Exception {
    String topic = Topics.METERING_PULSES.name();
    List<TopicPartition> partitions = admin.describeTopics(List.of(topic)).allTopicNames().get().get(topic)
        .partitions().stream().map(p -> new TopicPartition(topic, p.partition())).toList();
    long end = 0;
    for (var e : admin.listOffsets(partitions.stream().collect(java.util.stream.Collectors.toMap(p -> p,
        p -> OffsetSpec.latest()))).all().get().values()) {
      end += e.offset();
    }
    long start = 0;
    for (var e : admin.listOffsets(partitions.stream().collect(java.util.stream.Collectors.toMap(p -> p,
        p -> OffsetSpec.earliest()))).all().get().values()) {
      start += e.offset();
    }
    return end - start;
  }
}
