package io.lifeline.tools;

import io.lifeline.heartbeat.monitor.HeartbeatMonitorApp;
import io.lifeline.schemas.Alert;
import io.lifeline.schemas.AlertStatus;
import io.lifeline.schemas.CheckDefinition;
import io.lifeline.schemas.Ping;
import io.lifeline.schemas.PingKind;
import io.lifeline.schemas.Topics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Detection at scale: loads N checks (definition + first ping each, so each holds a deadline in the
 * index) straight into the topics, waits until the monitor has consumed them, measures the deadline
 * scan with nothing due from the server's meters, then makes a few checks go down and measures how
 * long after its deadline each DOWN alert can be read from {@code heartbeat.alerts}.
 */
@Command(name = "detection-bench", mixinStandardHelpOptions = true)
public final class DetectionBench implements Callable<Integer> {

  @Option(names = "--bootstrap", required = true) String bootstrap;
  @Option(names = "--server", required = true) String server;
  @Option(names = "--application-id", defaultValue = "lifeline") String applicationId;
  @Option(names = "--checks", defaultValue = "1000000") int checks;
  @Option(names = "--due", defaultValue = "200") int due;

  private final HttpClient http = HttpClient.newHttpClient();

  public static void main(String[] args) {
    System.exit(new CommandLine(new DetectionBench()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    long loadStart = System.nanoTime();
    try (KafkaProducer<String, byte[]> producer = BulkProducer.open(bootstrap, new StringSerializer(),
        new ByteArraySerializer())) {
      Instant now = Instant.now();
      for (int i = 0; i < checks; i++) {
        String uuid = UUID.randomUUID().toString();
        send(producer, Topics.HEARTBEAT_CHECKS.name(), uuid, Topics.HEARTBEAT_CHECKS.valueSerde().serializer()
            .serialize("", definition(uuid, 86_400, 3_600, now)));
        send(producer, Topics.HEARTBEAT_PINGS.name(), uuid, Topics.HEARTBEAT_PINGS.valueSerde().serializer()
            .serialize("", ping(uuid, now)));
      }
      producer.flush();
    }
    double produced = (System.nanoTime() - loadStart) / 1e9;
    GroupLag.awaitCaughtUp(bootstrap, applicationId + "-" + HeartbeatMonitorApp.NAME,
        List.of(Topics.HEARTBEAT_CHECKS.name(), Topics.HEARTBEAT_PINGS.name()), Duration.ofMinutes(20));
    double consumed = (System.nanoTime() - loadStart) / 1e9;
    System.out.printf("loaded=%d produce_s=%.1f consumed_s=%.1f%n", checks, produced, consumed);

    Map<String, Double> before = meters();
    Thread.sleep(10_000);
    Map<String, Double> after = meters();
    double scans = after.getOrDefault("lifeline_deadline_scan_seconds_count", 0.0)
        - before.getOrDefault("lifeline_deadline_scan_seconds_count", 0.0);
    double scanSeconds = after.getOrDefault("lifeline_deadline_scan_seconds_sum", 0.0)
        - before.getOrDefault("lifeline_deadline_scan_seconds_sum", 0.0);
    System.out.printf("idle_scans=%.0f idle_scan_mean_ms=%.3f idle_scan_max_ms=%.3f heap_used_mb=%.0f%n", scans,
        scans == 0 ? 0 : scanSeconds / scans * 1000, after.getOrDefault("lifeline_deadline_scan_seconds_max", 0.0) * 1000,
        after.getOrDefault("heap_used_bytes", 0.0) / 1e6);

    measureAlerts();
    return 0;
  }

  private void measureAlerts() throws Exception {
    Properties p = new Properties();
    p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
    p.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 10);
    try (KafkaConsumer<String, Alert> consumer = new KafkaConsumer<>(p, Topics.HEARTBEAT_ALERTS.keySerde().deserializer(),
        Topics.HEARTBEAT_ALERTS.valueSerde().deserializer())) {
      List<TopicPartition> partitions = consumer.partitionsFor(Topics.HEARTBEAT_ALERTS.name()).stream()
          .map(i -> new TopicPartition(i.topic(), i.partition())).toList();
      consumer.assign(partitions);
      consumer.seekToEnd(partitions);
      partitions.forEach(consumer::position);
      Set<String> waiting = new HashSet<>();
      try (KafkaProducer<String, byte[]> producer = BulkProducer.open(bootstrap, new StringSerializer(),
        new ByteArraySerializer())) {
        Instant now = Instant.now();
        for (int i = 0; i < due; i++) {
          String uuid = UUID.randomUUID().toString();
          waiting.add(uuid);
          send(producer, Topics.HEARTBEAT_CHECKS.name(), uuid, Topics.HEARTBEAT_CHECKS.valueSerde().serializer()
              .serialize("", definition(uuid, 2, 1, now)));
          send(producer, Topics.HEARTBEAT_PINGS.name(), uuid, Topics.HEARTBEAT_PINGS.valueSerde().serializer()
              .serialize("", ping(uuid, now)));
        }
        producer.flush();
      }
      List<Long> delays = new ArrayList<>();
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      while (!waiting.isEmpty() && System.nanoTime() < deadline) {
        for (ConsumerRecord<String, Alert> r : consumer.poll(Duration.ofMillis(20))) {
          Alert a = r.value();
          if (a.getStatus() == AlertStatus.DOWN && waiting.remove(a.getCheckUuid())) {
            delays.add(System.currentTimeMillis() - a.getAt().toEpochMilli());
          }
        }
      }
      delays.sort(Long::compare);
      System.out.printf("alerts=%d missing=%d delay_p50_ms=%d delay_p99_ms=%d delay_max_ms=%d%n", delays.size(),
          waiting.size(), at(delays, 0.5), at(delays, 0.99), delays.isEmpty() ? -1 : delays.get(delays.size() - 1));
    }
  }

  private Map<String, Double> meters() throws Exception {
    String text = http.send(HttpRequest.newBuilder(URI.create(server + "/metrics")).build(),
        HttpResponse.BodyHandlers.ofString()).body();
    Map<String, Double> m = new HashMap<>();
    double heap = 0;
    for (String line : text.split("\n")) {
      if (line.startsWith("#") || line.isBlank()) {
        continue;
      }
      String name = line.substring(0, line.lastIndexOf(' '));
      double value = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
      if (name.startsWith("jvm_memory_used_bytes{area=\"heap\"")) {
        heap += value;
      }
      m.put(name.contains("{") && name.startsWith("lifeline_deadline_scan") ? name.substring(0, name.indexOf('{'))
          : name, value);
    }
    m.put("heap_used_bytes", heap);
    return m;
  }

  private static void send(KafkaProducer<String, byte[]> producer, String topic, String key, byte[] value) {
    producer.send(new ProducerRecord<>(topic, key, value));
  }

  private static CheckDefinition definition(String uuid, long timeout, long grace, Instant now) {
    return CheckDefinition.newBuilder().setUuid(uuid).setName("bench " + uuid.substring(0, 8))
        .setTimeoutSeconds(timeout).setGraceSeconds(grace).setCreatedAt(now).setUpdatedAt(now).build();
  }

  private static Ping ping(String uuid, Instant at) {
    return Ping.newBuilder().setCheckUuid(uuid).setKind(PingKind.SUCCESS).setReceivedAt(at).setMethod("GET").build();
  }

  private static long at(List<Long> sorted, double p) {
    return sorted.isEmpty() ? -1 : sorted.get((int) Math.min(sorted.size() - 1, Math.ceil(p * sorted.size()) - 1));
  }
}
