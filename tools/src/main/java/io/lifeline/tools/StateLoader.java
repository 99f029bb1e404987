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
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
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
    try (KafkaProducer<String, byte[]> producer = BulkProducer.open(bootstrap, new StringSerializer(),
        new ByteArraySerializer())) {
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
    GroupLag.awaitCaughtUp(bootstrap, applicationId + "-" + HeartbeatMonitorApp.NAME,
        List.of(Topics.HEARTBEAT_CHECKS.name(), Topics.HEARTBEAT_PINGS.name()), Duration.ofMinutes(30));
    GroupLag.awaitCaughtUp(bootstrap, applicationId + "-" + UsageMeterApp.NAME, List.of(Topics.METERING_PULSES.name()),
        Duration.ofMinutes(30));
    System.out.printf("loaded checks=%d pulses=%d produce_s=%.1f consumed_s=%.1f%n", checks, pulses, produced,
        (System.nanoTime() - start) / 1e9);
    return 0;
  }

  private static <V> void send(KafkaProducer<String, byte[]> producer, Topic<String, V> topic, String key, V value) {
    producer.send(new ProducerRecord<>(topic.name(), key, topic.valueSerde().serializer().serialize(topic.name(), value)));
  }
}
