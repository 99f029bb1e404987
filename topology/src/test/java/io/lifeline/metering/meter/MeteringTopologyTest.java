package io.lifeline.metering.meter;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import static org.assertj.core.api.Assertions.assertThat;

import io.lifeline.metering.UsageQuery;
import io.lifeline.metering.UsageReport;
import io.lifeline.schemas.BatchKind;
import io.lifeline.schemas.Pulse;
import io.lifeline.schemas.StoreNames;
import io.lifeline.schemas.Topics;
import io.lifeline.schemas.UsageBatch;
import io.lifeline.schemas.internal.UsageWindow;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class MeteringTopologyTest {

  /** 10:00 UTC: windows are [10:00, 11:00), final at 11:05 by wall clock. */
  private static final Instant T0 = Instant.parse("2026-03-01T10:00:00Z");
  private static final String SERIES = "acme|SKU-1|KB";

  private TopologyTestDriver driver;
  private TestInputTopic<String, Pulse> pulses;
  private TestOutputTopic<String, UsageBatch> batches;
  private TestOutputTopic<String, Pulse> late;
  /** How far the cluster says metering.pulses was read; a test lowers it to stand for an unread backlog. */
  private long readThrough = Long.MAX_VALUE;

  @BeforeEach
  void start() throws Exception {
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "metering-test");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    props.put(StreamsConfig.STATE_DIR_CONFIG, Files.createTempDirectory("metering-ttd").toString());
    driver = new TopologyTestDriver(UsageMeterApp.buildTopology(new MeteringSettings(Duration.ofHours(1),
        Duration.ofMinutes(5), Duration.ofDays(7), Duration.ofSeconds(1)), new SimpleMeterRegistry(),
        (partition, nextOffset) -> readThrough), props, T0);
    now = T0;
    pulses = driver.createInputTopic(Topics.METERING_PULSES.name(), Topics.METERING_PULSES.keySerde().serializer(),
        Topics.METERING_PULSES.valueSerde().serializer());
    batches = driver.createOutputTopic(Topics.METERING_BATCHES.name(),
        Topics.METERING_BATCHES.keySerde().deserializer(), Topics.METERING_BATCHES.valueSerde().deserializer());
    late = driver.createOutputTopic(Topics.METERING_PULSES_LATE.name(),
        Topics.METERING_PULSES_LATE.keySerde().deserializer(), Topics.METERING_PULSES_LATE.valueSerde().deserializer());
  }

  @AfterEach
  void stop() {
    driver.close();
  }

  @Test
  void sumsExactlyAndClosesAnIdleWindowByWallClockWithOneFinal() {
    send("p1", "0.1", "10:10:00");
    send("p2", "0.2", "10:20:00");
    send("p3", "0.000000001", "10:59:59.999");
    send("next-hour", "5", "11:00:00");

    advance(Duration.ofMinutes(64).plusSeconds(58));
    assertThat(batches.isEmpty()).as("nothing final before end + grace").isTrue();

    advance(Duration.ofSeconds(3));
    List<UsageBatch> emitted = batches.readValuesToList();
    assertThat(emitted).hasSize(1);
    UsageBatch batch = emitted.get(0);
    assertThat(batch.getKind()).isEqualTo(BatchKind.FINAL);
    assertThat(batch.getBatchId()).isEqualTo("acme|SKU-1|KB|2026-03-01T10:00:00Z|FINAL");
    assertThat(batch.getTotal()).isEqualByComparingTo("0.300000001");
    assertThat(batch.getTotal().toPlainString()).isEqualTo("0.300000001");
    assertThat(batch.getCount()).isEqualTo(3);
    assertThat(batch.getWindowStart()).isEqualTo(T0);
    assertThat(batch.getWindowEnd()).isEqualTo(T0.plus(Duration.ofHours(1)));
    assertThat(batch.getFirstPulseAt()).isEqualTo(at("10:10:00"));
    assertThat(batch.getLastPulseAt()).isEqualTo(at("10:59:59.999"));

    advance(Duration.ofMinutes(30));
    assertThat(batches.isEmpty()).as("the 10:00 window is final once; 11:00 is still open").isTrue();
    advance(Duration.ofMinutes(40));
    assertThat(batches.readValuesToList()).extracting(UsageBatch::getBatchId)
        .containsExactly("acme|SKU-1|KB|2026-03-01T11:00:00Z|FINAL");
  }

  @Test
  void theFirstWindowOfEverySeriesIsFoundInTheStore() {
    // Units that extend another's name sort between its keys ("KB.x" and "KBz" sort before "KB|..."): none is skipped.
    for (String unit : List.of("KB", "KB.x", "KBz")) {
      pulses.pipeInput("acme|SKU-1|" + unit, Pulse.newBuilder(pulse("acme", unit + "-a", "1", "10:10:00")).setUnit(unit).build(), now);
    }
    send("late", "1", "11:10:00");
    pulses.pipeInput("beta|SKU-1|KB", pulse("beta", "b", "2", "11:20:00"), now);

    List<UsageWindow> firsts = UsageWindows.firstOfEachSeries(driver.getKeyValueStore(StoreNames.METERING_WINDOWS));

    assertThat(firsts).extracting(w -> w.getTenant() + "|" + w.getSku() + "|" + w.getUnit() + "@" + w.getWindowStart())
        .containsExactly("acme|SKU-1|KB.x@" + T0, "acme|SKU-1|KBz@" + T0, "acme|SKU-1|KB@" + T0,
            "beta|SKU-1|KB@" + T0.plus(Duration.ofHours(1)));
  }

  @Test
  void aDuplicateIdIsCountedOnceEvenWithAnotherTimestampOrAmount() {
    send("p1", "1.5", "10:10:00");
    send("p1", "1.5", "10:10:00");
    send("p1", "99", "10:30:00");
    send("p2", "0.25", "10:40:00");
    pulses.pipeInput("other|SKU-1|KB", pulse("other", "p1", "7", "10:10:00"), now);

    assertThat(window(SERIES, T0).getTotal()).isEqualByComparingTo("1.75");
    assertThat(window(SERIES, T0).getCount()).isEqualTo(2);
    assertThat(window("other|SKU-1|KB", T0).getTotal()).as("the same id in another series is another pulse")
        .isEqualByComparingTo("7");

    advance(Duration.ofMinutes(66));
    assertThat(batches.readValuesToList()).hasSize(2)
        .allSatisfy(b -> assertThat(b.getKind()).isEqualTo(BatchKind.FINAL));
  }

  @Test
  void pulsesReceivedAfterTheCloseAreLoggedLateAndBilledPerGraceLongBucket() {
    send("p1", "0.1", "10:10:00");
    advance(Duration.ofMinutes(66));
    assertThat(batches.readValuesToList()).hasSize(1);

    send("late-1", "0.2", "10:15:00");
    send("late-1", "0.2", "10:15:00");
    advance(Duration.ofMinutes(2));
    send("late-2", "0.3", "10:45:00");
    assertThat(late.readValuesToList()).extracting(Pulse::getId).containsExactly("late-1", "late-2");
    assertThat(batches.isEmpty()).as("the bucket [11:05, 11:10) is still open").isTrue();

    advance(Duration.ofMinutes(4));
    send("late-3", "0.4", "10:50:00");
    advance(Duration.ofMinutes(6));
    List<UsageBatch> corrections = batches.readValuesToList();
    assertThat(corrections).extracting(UsageBatch::getBatchId).containsExactly(
        "acme|SKU-1|KB|2026-03-01T10:00:00Z|CORRECTION|2026-03-01T11:05:00Z",
        "acme|SKU-1|KB|2026-03-01T10:00:00Z|CORRECTION|2026-03-01T11:10:00Z");
    assertThat(corrections).allSatisfy(b -> assertThat(b.getKind()).isEqualTo(BatchKind.CORRECTION));
    assertThat(corrections).extracting(UsageBatch::getTotal).usingElementComparator(BigDecimal::compareTo)
        .containsExactly(new BigDecimal("0.5"), new BigDecimal("0.4"));
    assertThat(corrections).extracting(UsageBatch::getCount).containsExactly(2L, 1L);
    assertThat(window(SERIES, T0).getTotal()).as("the window's total includes its corrections")
        .isEqualByComparingTo("1.0");

    advance(Duration.ofHours(2));
    assertThat(batches.readValuesToList()).as("a corrected window is not finalized again").isEmpty();
  }

  /**
   * On time or late is the record's timestamp against the close, never the scan: a pulse received
   * 10 ms after the close is a correction whether the scan ran before it was read (the 10:00 window)
   * or the pulse was read first (the 11:00 window, whose FINAL then goes out just before it).
   */
  @Test
  void aPulseReceivedJustAfterTheCloseIsLateWhetherTheScanRanFirstOrNot() {
    pulses.pipeInput(SERIES, pulse("acme", "a1", "1", "10:10:00"), at("10:10:00"));
    driver.advanceWallClockTime(Duration.between(T0, at("11:05:00.005")));
    List<UsageBatch> scanFirst = batches.readValuesToList();
    pulses.pipeInput(SERIES, pulse("acme", "a2", "2", "10:20:00"), at("11:05:00.010"));

    pulses.pipeInput(SERIES, pulse("acme", "b1", "1", "11:10:00"), at("11:10:00"));
    driver.advanceWallClockTime(Duration.between(at("11:05:00.005"), at("12:04:59")));
    List<UsageBatch> scanFirstCorrection = batches.readValuesToList();
    pulses.pipeInput(SERIES, pulse("acme", "b2", "2", "11:20:00"), at("12:05:00.010"));
    List<UsageBatch> pulseFirst = batches.readValuesToList();
    driver.advanceWallClockTime(Duration.ofMinutes(6));
    List<UsageBatch> pulseFirstCorrection = batches.readValuesToList();

    assertThat(scanFirst).extracting(UsageBatch::getBatchId).containsExactly(
        "acme|SKU-1|KB|2026-03-01T10:00:00Z|FINAL");
    assertThat(pulseFirst).extracting(UsageBatch::getBatchId).as("the FINAL goes out before the late pulse")
        .containsExactly("acme|SKU-1|KB|2026-03-01T11:00:00Z|FINAL");
    assertThat(scanFirstCorrection).extracting(UsageBatch::getBatchId).containsExactly(
        "acme|SKU-1|KB|2026-03-01T10:00:00Z|CORRECTION|2026-03-01T11:05:00Z");
    assertThat(pulseFirstCorrection).extracting(UsageBatch::getBatchId).containsExactly(
        "acme|SKU-1|KB|2026-03-01T11:00:00Z|CORRECTION|2026-03-01T12:05:00Z");
    for (List<UsageBatch> outcome : List.of(scanFirst, pulseFirst)) {
      assertThat(outcome.get(0).getTotal()).isEqualByComparingTo("1");
    }
    for (List<UsageBatch> outcome : List.of(scanFirstCorrection, pulseFirstCorrection)) {
      assertThat(outcome.get(0).getTotal()).isEqualByComparingTo("2");
    }
  }

  @Test
  void aWindowWithNoOnTimePulseIsBilledByCorrectionsAlone() {
    advance(Duration.ofHours(3));
    send("p1", "4", "10:30:00");
    assertThat(late.readValuesToList()).extracting(Pulse::getId).containsExactly("p1");
    advance(Duration.ofMinutes(5));
    assertThat(batches.readValuesToList()).singleElement().satisfies(b -> {
      assertThat(b.getKind()).isEqualTo(BatchKind.CORRECTION);
      assertThat(b.getBatchId()).isEqualTo("acme|SKU-1|KB|2026-03-01T10:00:00Z|CORRECTION|2026-03-01T13:00:00Z");
      assertThat(b.getTotal()).isEqualByComparingTo("4");
    });
    assertThat(window(SERIES, T0).getFinalAt()).isEqualTo(at("11:05:00"));
  }

  @Test
  void theEmittedBatchesAreKeptForQueriesAndWindowsAreForgottenAfterRetention() {
    send("p1", "2", "10:30:00");
    advance(Duration.ofMinutes(66));
    send("late", "3", "10:31:00");
    advance(Duration.ofMinutes(5));
    KeyValueStore<String, UsageBatch> emitted = driver.getKeyValueStore(StoreNames.METERING_BATCHES);
    String windowKey = UsageWindows.key(SERIES, T0.toEpochMilli());
    String correctionKey = EmittedBatches.correctionKey(windowKey, at("11:05:00").toEpochMilli());
    assertThat(emitted.get(EmittedBatches.finalKey(windowKey)).getKind()).isEqualTo(BatchKind.FINAL);
    assertThat(emitted.get(correctionKey).getKind()).isEqualTo(BatchKind.CORRECTION);
    assertThat(window(SERIES, T0).getCorrections()).isEqualTo(1);

    advance(Duration.ofDays(7).plusMinutes(1));
    assertThat(window(SERIES, T0)).isNull();
    assertThat(emitted.get(EmittedBatches.finalKey(windowKey))).isNull();
    assertThat(emitted.get(correctionKey)).isNull();
  }

  /** An id repeats within DEDUP_RETENTION of the first receive, by the records' time; then it is dead and swept out. */
  @Test
  void anIdIsRememberedForTheRetentionByReceiveTimeThenForgottenAndSweptOut() {
    KeyValueStore<String, Long> ids = driver.getKeyValueStore(StoreNames.METERING_PULSE_IDS);
    sendNow("again", "1");
    sendNow("once", "1");
    advance(Duration.ofDays(7).minusSeconds(1));
    sendNow("again", "100");
    assertThat(window(SERIES, startOfHour(now))).as("received 1 s before the retention ends: a duplicate").isNull();
    assertThat(ids.get(PulseIds.key(SERIES, "once"))).as("dead ids are swept once records show they are")
        .isNotNull();

    advance(Duration.ofSeconds(2));
    sendNow("again", "7");
    assertThat(window(SERIES, startOfHour(now)).getTotal()).as("received after the retention: a new pulse")
        .isEqualByComparingTo("7");
    advance(Duration.ofSeconds(1));
    assertThat(ids.get(PulseIds.key(SERIES, "once"))).isNull();
    assertThat(ids.get(PulseIds.key(SERIES, "again"))).isEqualTo(now.minusSeconds(1).toEpochMilli());
  }

  /** After downtime: the backlog received before the close is read before the clock may close the window. */
  @Test
  void aBacklogReceivedBeforeTheCloseLandsInTheFinalWhenReadAfterIt() {
    readThrough = Long.MIN_VALUE;
    advance(Duration.ofHours(2));
    pulses.pipeInput(SERIES, pulse("acme", "b1", "1", "10:10:00"), at("10:20:00"));
    driver.advanceWallClockTime(Duration.ofSeconds(1));
    pulses.pipeInput(SERIES, pulse("acme", "b2", "2", "10:15:00"), at("10:20:01"));
    driver.advanceWallClockTime(Duration.ofSeconds(1));
    pulses.pipeInput(SERIES, pulse("acme", "b3", "3", "10:16:00"), at("11:04:59.999"));
    driver.advanceWallClockTime(Duration.ofSeconds(1));
    assertThat(batches.isEmpty()).as("not final while the backlog is read only up to before the close").isTrue();

    readThrough = now.toEpochMilli();
    driver.advanceWallClockTime(Duration.ofSeconds(1));
    assertThat(late.isEmpty()).isTrue();
    assertThat(batches.readValuesToList()).singleElement().satisfies(b -> {
      assertThat(b.getKind()).isEqualTo(BatchKind.FINAL);
      assertThat(b.getTotal()).isEqualByComparingTo("6");
    });
  }

  @Test
  void aBacklogRecordReceivedAfterTheCloseClosesTheWindowByItsTimestamp() {
    readThrough = Long.MIN_VALUE;
    advance(Duration.ofHours(2));
    pulses.pipeInput(SERIES, pulse("acme", "b1", "1", "10:10:00"), at("10:20:00"));
    pulses.pipeInput("other|SKU-1|KB", pulse("other", "o1", "5", "11:30:00"), at("11:30:00"));
    driver.advanceWallClockTime(Duration.ofSeconds(1));
    assertThat(batches.readValuesToList()).as("a record received at 11:30 shows everything before 11:05 was read")
        .extracting(UsageBatch::getBatchId).containsExactly("acme|SKU-1|KB|2026-03-01T10:00:00Z|FINAL");
  }

  @Test
  void batchIdsAreTheSameOnEveryRun() {
    for (int run = 0; run < 2; run++) {
      stop();
      try {
        start();
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
      send("p1", "1", "10:10:00");
      advance(Duration.ofMinutes(70));
      send("p2", "1", "10:10:00");
      advance(Duration.ofMinutes(5));
      assertThat(batches.readValuesToList()).extracting(UsageBatch::getBatchId).containsExactly(
          "acme|SKU-1|KB|2026-03-01T10:00:00Z|FINAL",
          "acme|SKU-1|KB|2026-03-01T10:00:00Z|CORRECTION|2026-03-01T11:10:00Z");
    }
  }

  /** The driver's wall clock; records are stamped with it, as the edge's producer stamps them. */
  private Instant now;

  /** Moves the wall clock in two punctuations, the last one a second long, as the 1 s scan would run. */
  private void advance(Duration by) {
    Duration second = Duration.ofSeconds(1);
    if (by.compareTo(second) > 0) {
      driver.advanceWallClockTime(by.minus(second));
      driver.advanceWallClockTime(second);
    } else {
      driver.advanceWallClockTime(by);
    }
    now = now.plus(by);
  }

  private void send(String id, String amount, String time) {
    pulses.pipeInput(SERIES, pulse("acme", id, amount, time), now);
  }

  /** A pulse that happened as it was received, now. */
  private void sendNow(String id, String amount) {
    Pulse pulse = pulse("acme", id, amount, "10:00:00");
    pulse.setOccurredAt(now);
    pulse.setReceivedAt(now);
    pulses.pipeInput(SERIES, pulse, now);
  }

  private static Instant startOfHour(Instant at) {
    return at.truncatedTo(java.time.temporal.ChronoUnit.HOURS);
  }

  @Test
  void aUsageQueryFromBeforeTheEpochFindsTheWindowsAfterIt() {
    send("p1", "2", "10:10:00");
    KeyValueStore<String, UsageWindow> store = driver.getKeyValueStore(StoreNames.METERING_WINDOWS);

    assertThat(UsageWindows.read(store, new UsageQuery("acme", "SKU-1", "KB", Instant.parse("1969-12-31T23:00:00Z"),
        T0.plus(Duration.ofHours(1)), UsageReport.Granularity.HOUR)))
        .extracting(UsageWindow::getTotal).containsExactly(new BigDecimal("2.000000000"));
    assertThat(UsageWindows.read(store, new UsageQuery("acme", "SKU-1", "KB", Instant.parse("1969-01-01T00:00:00Z"),
        Instant.parse("1969-12-31T23:00:00Z"), UsageReport.Granularity.HOUR))).isEmpty();
  }

  private UsageWindow window(String series, Instant start) {
    KeyValueStore<String, UsageWindow> store = driver.getKeyValueStore(StoreNames.METERING_WINDOWS);
    return store.get(UsageWindows.key(series, start.toEpochMilli()));
  }

  private static Pulse pulse(String tenant, String id, String amount, String time) {
    return Pulse.newBuilder().setId(id).setTenant(tenant).setSku("SKU-1").setUnit("KB")
        .setAmount(new BigDecimal(amount).setScale(9)).setOccurredAt(at(time)).setReceivedAt(at(time)).build();
  }

  private static Instant at(String time) {
    return Instant.parse("2026-03-01T" + time + "Z");
  }
}
