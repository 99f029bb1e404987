package io.lifeline.metering.meter;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.read.ListAppender;
import io.lifeline.metering.MeteringKeys;
import io.lifeline.schemas.Pulse;
import io.lifeline.schemas.Topics;
import io.lifeline.streams.StreamsEnvironment;
import io.lifeline.streams.StreamsRunner;
import io.lifeline.streams.TopicProvisioner;
import io.lifeline.testkit.KafkaBroker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.slf4j.LoggerFactory;

/**
 * After a clean stop the meter starts again from its local state: no task is taken for corrupted and
 * nothing is restored from the changelogs (issue 9). Pulses go to one series, so most tasks hold an
 * empty dedup store, the case Kafka Streams 4.3 could not checkpoint.
 */
class CleanRestartIT {

  @RegisterExtension static final KafkaBroker KAFKA = new KafkaBroker();
  private static final int PULSES = 50;

  @Test
  void aStartAfterACleanStopRestoresNothingAndFindsNoCorruptedTask() throws Exception {
    try (Admin admin = KAFKA.admin()) {
      new TopicProvisioner(admin, 4, (short) 1).ensureTopics();
    }
    Path stateDir = Files.createTempDirectory("clean-restart");
    StreamsEnvironment environment = new StreamsEnvironment(KAFKA.bootstrapServers(), "restart-it", stateDir, null, 1, 0,
        new SimpleMeterRegistry());
    UsageMeterApp meter = new UsageMeterApp(new MeteringSettings(Duration.ofHours(1), Duration.ofMinutes(5),
        Duration.ofDays(7), Duration.ofSeconds(1)), new SimpleMeterRegistry());

    try (StreamsRunner first = new StreamsRunner(meter, environment, e -> { })) {
      first.start();
      first.awaitRunning(Duration.ofSeconds(60));
      sendPulses();
      awaitCommitted("restart-it-" + meter.name(), PULSES);
    }

    ListAppender<ILoggingEvent> streamsLog = new ListAppender<>();
    streamsLog.start();
    Logger kafkaStreams = (Logger) LoggerFactory.getLogger("org.apache.kafka.streams");
    kafkaStreams.addAppender(streamsLog);
    try (StreamsRunner second = new StreamsRunner(meter, environment, e -> { })) {
      second.start();
      second.awaitRunning(Duration.ofSeconds(60));
      assertThat(streamsLog.list).extracting(ILoggingEvent::getFormattedMessage)
          .noneMatch(m -> m.contains("corrupted") || m.contains("did not find checkpoint offsets"));
      assertThat(second.restoredRecords()).isZero();
    } finally {
      kafkaStreams.detachAppender(streamsLog);
    }
  }

  private static void sendPulses() throws Exception {
    try (var producer = new KafkaProducer<>(Map.<String, Object>of(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG,
        KAFKA.bootstrapServers()), new ByteArraySerializer(), new ByteArraySerializer())) {
      Instant now = Instant.now();
      for (int i = 0; i < PULSES; i++) {
        Pulse pulse = Pulse.newBuilder().setId("p-" + i).setTenant("acme").setSku("cpu").setUnit("ms")
            .setAmount(BigDecimal.ONE.setScale(9)).setOccurredAt(now).setReceivedAt(now).build();
        String key = MeteringKeys.series("acme", "cpu", "ms");
        producer.send(new ProducerRecord<>(Topics.METERING_PULSES.name(),
            Topics.METERING_PULSES.keySerde().serializer().serialize(Topics.METERING_PULSES.name(), key),
            Topics.METERING_PULSES.valueSerde().serializer().serialize(Topics.METERING_PULSES.name(), pulse))).get();
      }
    }
  }

  /** Waits, with a bound, until the group committed past every pulse: the state of all of them is in the stores. */
  private static void awaitCommitted(String group, long records) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    try (Admin admin = KAFKA.admin()) {
      while (System.nanoTime() < deadline) {
        long committed = admin.listConsumerGroupOffsets(group).partitionsToOffsetAndMetadata().get().entrySet()
            .stream().filter(e -> e.getKey().topic().equals(Topics.METERING_PULSES.name()))
            .map(Map.Entry::getValue).mapToLong(OffsetAndMetadata::offset).sum();
        if (committed >= records) {
          return;
        }
        Thread.sleep(100);
      }
    }
    throw new AssertionError("the meter did not commit " + records + " pulses within 60 s");
  }
}
