package io.lifeline.heartbeat.monitor;

import static io.lifeline.heartbeat.Checks.T0;
import static org.assertj.core.api.Assertions.assertThat;

import io.lifeline.schemas.DeliveryAttempt;
import io.lifeline.schemas.DeliveryOutcome;
import io.lifeline.schemas.StoreNames;
import io.lifeline.schemas.Topics;
import io.lifeline.streams.AppliedVersions;
import io.lifeline.streams.LogProgress;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Properties;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The delivery log inside the monitor app: per check and per channel, newest first, bounded, poison to the DLQ. */
class DeliveryLogTest {

  private TopologyTestDriver driver;
  private TestInputTopic<String, DeliveryAttempt> deliveries;
  private KeyValueStore<Bytes, byte[]> store;

  @BeforeEach
  void start() throws Exception {
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "delivery-log-test");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    props.put(StreamsConfig.STATE_DIR_CONFIG, Files.createTempDirectory("delivery-log-ttd").toString());
    props.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, io.lifeline.streams.DeadLetterHandler.class);
    driver = new TopologyTestDriver(HeartbeatMonitorApp.buildTopology(
        new MonitorSettings("http://lifeline.test", Duration.ofSeconds(1)), new SimpleMeterRegistry(),
        new AppliedVersions(), LogProgress.SYNCHRONOUS), props, T0);
    deliveries = driver.createInputTopic(Topics.HEARTBEAT_DELIVERIES.name(),
        Topics.HEARTBEAT_DELIVERIES.keySerde().serializer(), Topics.HEARTBEAT_DELIVERIES.valueSerde().serializer());
    store = driver.getKeyValueStore(StoreNames.DELIVERY_LOG);
  }

  @AfterEach
  void stop() {
    driver.close();
  }

  private static DeliveryAttempt attempt(String check, String channel, int n, DeliveryOutcome outcome) {
    return DeliveryAttempt.newBuilder().setDeliveryId(check + ":down:" + n).setEvent("DOWN").setCheckUuid(check)
        .setChannelId(channel).setChannelKind("webhook").setAttempt(n).setOutcome(outcome).setLatencyMillis(5)
        .setAt(T0.plusSeconds(n)).build();
  }

  @Test
  void attemptsAreReadByCheckAndByChannelNewestFirst() {
    deliveries.pipeInput("u1", attempt("u1", "ch-a", 1, DeliveryOutcome.RETRYING));
    deliveries.pipeInput("u1", attempt("u1", "ch-a", 2, DeliveryOutcome.DELIVERED));
    deliveries.pipeInput("u1", attempt("u1", "ch-b", 3, DeliveryOutcome.DELIVERED));
    deliveries.pipeInput("u2", attempt("u2", "ch-a", 4, DeliveryOutcome.FAILED));

    assertThat(DeliveryLog.byCheck(store, "u1")).extracting(DeliveryAttempt::getAttempt).containsExactly(3, 2, 1);
    assertThat(DeliveryLog.byCheck(store, "u2")).extracting(DeliveryAttempt::getOutcome)
        .containsExactly(DeliveryOutcome.FAILED);
    assertThat(DeliveryLog.byChannel(store, "ch-a")).extracting(DeliveryAttempt::getAttempt).containsExactly(4, 2, 1);
    assertThat(DeliveryLog.byChannel(store, "ch-b")).hasSize(1);
    assertThat(DeliveryLog.byCheck(store, "u")).as("a prefix of another id is not that id").isEmpty();
  }

  @Test
  void onlyTheLastHundredAreKept() {
    for (int n = 1; n <= DeliveryLog.KEEP + 20; n++) {
      deliveries.pipeInput("u1", attempt("u1", "ch-a", n, DeliveryOutcome.DELIVERED));
    }
    assertThat(DeliveryLog.byCheck(store, "u1")).hasSize(DeliveryLog.KEEP)
        .first().extracting(DeliveryAttempt::getAttempt).isEqualTo(DeliveryLog.KEEP + 20);
    assertThat(DeliveryLog.byChannel(store, "ch-a")).hasSize(DeliveryLog.KEEP)
        .last().extracting(DeliveryAttempt::getAttempt).isEqualTo(21);
  }

  @Test
  void aTestMessageWithoutACheckIsLoggedForItsChannelOnly() {
    DeliveryAttempt test = DeliveryAttempt.newBuilder(attempt("u1", "ch-a", 1, DeliveryOutcome.DELIVERED))
        .setCheckUuid(null).setEvent("TEST").build();
    deliveries.pipeInput("ch-a", test);
    assertThat(DeliveryLog.byChannel(store, "ch-a")).containsExactly(test);
  }

  @Test
  void aPoisonRecordGoesToTheDeadLetterTopicAndTheLogGoesOn() {
    TestInputTopic<String, byte[]> raw = driver.createInputTopic(Topics.HEARTBEAT_DELIVERIES.name(),
        Topics.HEARTBEAT_DELIVERIES.keySerde().serializer(), new org.apache.kafka.common.serialization.ByteArraySerializer());
    raw.pipeInput("u1", "not avro".getBytes(StandardCharsets.UTF_8));
    deliveries.pipeInput("u1", attempt("u1", "ch-a", 1, DeliveryOutcome.DELIVERED));
    assertThat(driver.createOutputTopic(Topics.HEARTBEAT_DELIVERIES.dlq().name(),
        new org.apache.kafka.common.serialization.StringDeserializer(),
        new org.apache.kafka.common.serialization.ByteArrayDeserializer()).readValuesToList()).hasSize(1);
    assertThat(DeliveryLog.byCheck(store, "u1")).hasSize(1);
  }
}
