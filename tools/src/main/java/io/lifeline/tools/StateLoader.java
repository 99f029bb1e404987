package io.lifeline.tools;

import io.lifeline.heartbeat.monitor.HeartbeatMonitorApp;
import io.lifeline.metering.MeteringKeys;
import io.lifeline.metering.meter.UsageMeterApp;
import io.lifeline.schemas.CheckDefinition;
import io.lifeline.schemas.Ping;
import io.lifeline.schemas.PingKind;
import io.lifeline.schemas.Pulse;
import io.lifeline.schemas.Topic;
import io.lifeline.schemas.Topics;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Fills a running Lifeline's state for a restart measurement: N checks (a definition and a first ping
 * each) and M pulses with distinct ids over many series, so every partition's dedup store holds ids,
 * written straight into the topics; returns once the monitor and the meter have consumed all of them.
 */
@Command(name = "state-loader", mixinStandardHelpOptions = true)
public final class StateLoader implements Callable<Integer> {

  @Option(names = "--bootstrap", required = true) String bootstrap;
  @Option(names = "--application-id", defaultValue = "lifeline") String applicationId;
  @Option(names = "--checks", defaultValue = "100000") int checks;
  @Option(names = "--pulses", defaultValue = "1000000") int pulses;
  @Option(names = "--series", defaultValue = "600") int series;

  public static void main(String[] args) {
    System.exit(new CommandLine(new StateLoader()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    long start = System.nanoTime();
    Instant now = Instant.now();
    try (KafkaProducer<String, byte[]> producer = producer()) {
      for (int i = 0; i < checks; i++) {
        String uuid = UUID.randomUUID().toString();
        send(producer, Topics.HEARTBEAT_CHECKS, uuid, CheckDefinition.newBuilder().setUuid(uuid)
            .setName("restart " + i).setTimeoutSeconds(86_400).setGraceSeconds(3_600).setCreatedAt(now)
            .setUpdatedAt(now).build());
        send(producer, Topics.HEARTBEAT_PINGS, uuid, Ping.newBuilder().setCheckUuid(uuid).setKind(PingKind.SUCCESS)
            .setReceivedAt(now).setMethod("GET").build());
      }
      BigDecimal one = BigDecimal.ONE.setScale(9);
      for (int i = 0; i < pulses; i++) {
        String tenant = "tenant-" + (i % series);
        send(producer, Topics.METERING_PULSES, MeteringKeys.series(tenant, "cpu", "ms"), Pulse.newBuilder()
            .setId("restart-" + i).setTenant(tenant).setSku("cpu").setUnit("ms").setAmount(one).setOccurredAt(now)
            .setReceivedAt(now).build());
      }
      producer.flush();
    }
    double produced = (System.nanoTime() - start) / 1e9;
    awaitConsumed(HeartbeatMonitorApp.NAME, List.<Topic<String, ?>>of(Topics.HEARTBEAT_CHECKS, Topics.HEARTBEAT_PINGS));
    awaitConsumed(UsageMeterApp.NAME, List.<Topic<String, ?>>of(Topics.METERING_PULSES));
    System.out.printf("loaded checks=%d pulses=%d produce_s=%.1f consumed_s=%.1f%n", checks, pulses, produced,
        (System.nanoTime() - start) / 1e9);
    return 0;
  }

  private void awaitConsumed(String app, List<Topic<String, ?>> topics) throws Exception {
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", bootstrap))) {
      long deadline = System.nanoTime() + Duration.ofMinutes(30).toNanos();
      while (System.nanoTime() < deadline) {
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(applicationId + "-" + app)
            .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
        Map<TopicPartition, OffsetSpec> ask = new HashMap<>();
        for (Topic<String, ?> topic : topics) {
          int n = admin.describeTopics(List.of(topic.name())).allTopicNames().get().get(topic.name()).partitions().size();
          for (int i = 0; i < n; i++) {
            ask.put(new TopicPartition(topic.name(), i), OffsetSpec.latest());
          }
        }
        long lag = 0;
        for (var e : admin.listOffsets(ask).all().get(10, TimeUnit.SECONDS).entrySet()) {
          OffsetAndMetadata c = committed.get(e.getKey());
          // Transaction markers occupy offsets, so a caught-up group may sit one or two behind the end.
          lag += Math.max(0, e.getValue().offset() - (c == null ? 0 : c.offset()) - 2);
        }
        if (lag == 0) {
          return;
        }
        Thread.sleep(1000);
      }
      throw new IllegalStateException(app + " did not catch up within 30 minutes");
    }
  }

  private static <V> void send(KafkaProducer<String, byte[]> producer, Topic<String, V> topic, String key, V value) {
    producer.send(new ProducerRecord<>(topic.name(), key, topic.valueSerde().serializer().serialize(topic.name(), value)));
  }

  private KafkaProducer<String, byte[]> producer() {
    Properties p = new Properties();
    p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
    p.put(ProducerConfig.LINGER_MS_CONFIG, 20);
    p.put(ProducerConfig.BATCH_SIZE_CONFIG, 512 * 1024);
    p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
    p.put(ProducerConfig.ACKS_CONFIG, "all");
    return new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
  }
}
