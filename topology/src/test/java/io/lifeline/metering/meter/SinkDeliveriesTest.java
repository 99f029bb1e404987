package io.lifeline.metering.meter;

import static org.assertj.core.api.Assertions.assertThat;

import io.lifeline.metering.MeteringKeys;
import io.lifeline.schemas.DeliveryAttempt;
import io.lifeline.schemas.DeliveryOutcome;
import io.lifeline.schemas.StoreNames;
import io.lifeline.schemas.Topics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The meter keeps each batch's latest billing-sink attempt from metering.deliveries, readable per tenant and window. */
class SinkDeliveriesTest {

  private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
  private static final String SERIES = "acme|SKU-1|KB";
  private static final String KEY = MeteringKeys.batchKey(SERIES, T0.toEpochMilli());
  private static final String FINAL = SERIES + "|2026-03-01T10:00:00Z|FINAL";
  private static final String CORRECTION = SERIES + "|2026-03-01T10:00:00Z|CORRECTION|2026-03-01T11:05:00Z";

  private TopologyTestDriver driver;
  private TestInputTopic<String, DeliveryAttempt> deliveries;
  private KeyValueStore<String, DeliveryAttempt> store;

  @BeforeEach
  void start() throws Exception {
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "sink-deliveries-test");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    props.put(StreamsConfig.STATE_DIR_CONFIG, Files.createTempDirectory("sink-deliveries-ttd").toString());
    driver = new TopologyTestDriver(UsageMeterApp.buildTopology(new MeteringSettings(Duration.ofHours(1),
        Duration.ofMinutes(5), Duration.ofDays(7), Duration.ofSeconds(1)), new SimpleMeterRegistry(),
        (partition, nextOffset) -> Long.MAX_VALUE), props, T0);
    deliveries = driver.createInputTopic(Topics.METERING_DELIVERIES.name(),
        Topics.METERING_DELIVERIES.keySerde().serializer(), Topics.METERING_DELIVERIES.valueSerde().serializer());
    store = driver.getKeyValueStore(StoreNames.METERING_SINK_DELIVERIES);
  }

  @AfterEach
  void stop() {
    driver.close();
  }

  private static DeliveryAttempt attempt(String batchId, int n, DeliveryOutcome outcome, int httpStatus) {
    return DeliveryAttempt.newBuilder().setDeliveryId(batchId).setEvent(batchId.endsWith("FINAL") ? "FINAL" : "CORRECTION")
        .setChannelId("billing-sink").setChannelKind("sink").setAttempt(n).setOutcome(outcome)
        .setHttpStatus(httpStatus).setLatencyMillis(4).setAt(T0.plus(Duration.ofMinutes(65 + n))).build();
  }

  @Test
  void theFinalAndTheCorrectionOfOneWindowKeepTheirOwnLatestAttempt() {
    deliveries.pipeInput(KEY, attempt(FINAL, 1, DeliveryOutcome.RETRYING, 500));
    deliveries.pipeInput(KEY, attempt(FINAL, 2, DeliveryOutcome.DELIVERED, 200));
    deliveries.pipeInput(KEY, attempt(CORRECTION, 1, DeliveryOutcome.RETRYING, 503));

    assertThat(store.get(FINAL).getAttempt()).isEqualTo(2);
    assertThat(store.get(FINAL).getOutcome()).isEqualTo(DeliveryOutcome.DELIVERED);
    assertThat(store.get(CORRECTION).getHttpStatus()).isEqualTo(503);
    assertThat(SinkDeliveries.read(store, "acme", T0, T0.plus(Duration.ofHours(1))))
        .extracting(DeliveryAttempt::getDeliveryId).containsExactlyInAnyOrder(FINAL, CORRECTION);
  }

  @Test
  void aBatchTheSinkTookStaysDeliveredWhenItIsSentAgain() {
    deliveries.pipeInput(KEY, attempt(FINAL, 1, DeliveryOutcome.DELIVERED, 200));
    deliveries.pipeInput(KEY, attempt(FINAL, 1, DeliveryOutcome.RETRYING, 502));

    assertThat(store.get(FINAL).getOutcome()).isEqualTo(DeliveryOutcome.DELIVERED);
    assertThat(store.get(FINAL).getHttpStatus()).isEqualTo(200);
  }

  @Test
  void readingTakesOnlyTheTenantAndTheWindowsAsked() {
    String later = SERIES + "|2026-03-01T11:00:00Z|FINAL";
    String other = "acme2|SKU-1|KB|2026-03-01T10:00:00Z|FINAL";
    deliveries.pipeInput(KEY, attempt(FINAL, 1, DeliveryOutcome.DELIVERED, 200));
    deliveries.pipeInput(MeteringKeys.batchKey(SERIES, T0.plusSeconds(3600).toEpochMilli()),
        attempt(later, 1, DeliveryOutcome.DELIVERED, 200));
    deliveries.pipeInput("acme2|SKU-1|KB|2026-03-01T10:00:00Z", attempt(other, 1, DeliveryOutcome.DELIVERED, 200));

    assertThat(SinkDeliveries.read(store, "acme", T0, T0.plus(Duration.ofHours(1))))
        .extracting(DeliveryAttempt::getDeliveryId).containsExactly(FINAL);
    assertThat(SinkDeliveries.read(store, "acme", T0, T0.plus(Duration.ofHours(2))))
        .extracting(DeliveryAttempt::getDeliveryId).containsExactly(FINAL, later);
  }

  @Test
  void aBatchIsForgottenWithItsWindowByTheAttemptsTime() {
    deliveries.pipeInput(KEY, attempt(FINAL, 1, DeliveryOutcome.DELIVERED, 200), T0.plus(Duration.ofMinutes(66)));
    Instant sevenDaysOn = T0.plus(Duration.ofDays(7)).plus(Duration.ofMinutes(64));
    String recent = SERIES + "|" + T0.plus(Duration.ofDays(7)) + "|FINAL";
    deliveries.pipeInput(MeteringKeys.batchKey(SERIES, T0.plus(Duration.ofDays(7)).toEpochMilli()),
        attempt(recent, 1, DeliveryOutcome.DELIVERED, 200), sevenDaysOn);
    assertThat(store.get(FINAL)).as("kept until the meter forgets the window: end + grace + 7 days").isNotNull();

    deliveries.pipeInput(MeteringKeys.batchKey(SERIES, T0.plus(Duration.ofDays(7)).toEpochMilli()),
        attempt(recent, 2, DeliveryOutcome.DELIVERED, 200), sevenDaysOn.plus(Duration.ofHours(1)));
    assertThat(store.get(FINAL)).isNull();
    assertThat(store.get(recent)).isNotNull();
  }
}
