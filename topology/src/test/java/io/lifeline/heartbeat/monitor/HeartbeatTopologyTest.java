package io.lifeline.heartbeat.monitor;

import static io.lifeline.heartbeat.Checks.T0;
import static io.lifeline.heartbeat.Checks.definition;
import static io.lifeline.heartbeat.Checks.ping;
import static org.assertj.core.api.Assertions.assertThat;

import io.lifeline.heartbeat.CheckRules;
import io.lifeline.schemas.Alert;
import io.lifeline.schemas.AlertStatus;
import io.lifeline.schemas.CheckDefinition;
import io.lifeline.schemas.CheckStatus;
import io.lifeline.schemas.Flip;
import io.lifeline.schemas.FlipReason;
import io.lifeline.schemas.Ping;
import io.lifeline.schemas.PingKind;
import io.lifeline.schemas.StoreNames;
import io.lifeline.schemas.Topics;
import io.lifeline.schemas.internal.CheckState;
import io.lifeline.streams.AppliedVersions;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The monitor end to end in a TopologyTestDriver: deadlines fire by advancing the wall clock, as far
 * as the inputs were read ({@link #readThrough}, everything unless a test holds a backlog back).
 */
class HeartbeatTopologyTest {

  private final SimpleMeterRegistry meters = new SimpleMeterRegistry();
  private final AppliedVersions applied = new AppliedVersions();
  private TopologyTestDriver driver;
  private TestInputTopic<String, CheckDefinition> checks;
  private TestInputTopic<String, Ping> pings;
  private TestOutputTopic<String, Flip> flips;
  private TestOutputTopic<String, Alert> alerts;
  /** How far the cluster says the inputs were read; a test lowers it to stand for an unread backlog. */
  private long readThrough = Long.MAX_VALUE;

  @BeforeEach
  void start() throws Exception {
    Properties props = new Properties();
    props.put(StreamsConfig.APPLICATION_ID_CONFIG, "heartbeat-test");
    props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
    props.put(StreamsConfig.STATE_DIR_CONFIG, Files.createTempDirectory("heartbeat-ttd").toString());
    driver = new TopologyTestDriver(HeartbeatMonitorApp.buildTopology(
        new MonitorSettings("http://lifeline.test", Duration.ofSeconds(1)), meters, applied,
        (partition, nextOffset) -> readThrough), props, T0);
    checks = driver.createInputTopic(Topics.HEARTBEAT_CHECKS.name(), Topics.HEARTBEAT_CHECKS.keySerde().serializer(),
        Topics.HEARTBEAT_CHECKS.valueSerde().serializer());
    pings = driver.createInputTopic(Topics.HEARTBEAT_PINGS.name(), Topics.HEARTBEAT_PINGS.keySerde().serializer(),
        Topics.HEARTBEAT_PINGS.valueSerde().serializer());
    flips = driver.createOutputTopic(Topics.HEARTBEAT_FLIPS.name(), Topics.HEARTBEAT_FLIPS.keySerde().deserializer(),
        Topics.HEARTBEAT_FLIPS.valueSerde().deserializer());
    alerts = driver.createOutputTopic(Topics.HEARTBEAT_ALERTS.name(),
        Topics.HEARTBEAT_ALERTS.keySerde().deserializer(), Topics.HEARTBEAT_ALERTS.valueSerde().deserializer());
  }

  @AfterEach
  void stop() {
    driver.close();
  }

  private void define(CheckDefinition definition) {
    checks.pipeInput(definition.getUuid(), definition, definition.getUpdatedAt());
  }

  private void send(String uuid, PingKind kind, long atSeconds) {
    send(uuid, kind, atSeconds, null);
  }

  private void send(String uuid, PingKind kind, long atSeconds, String rid) {
    Instant at = T0.plusSeconds(atSeconds);
    pings.pipeInput(uuid, ping(uuid, kind, at, rid), at);
  }

  /** Moves the wall clock to T0 + seconds, one punctuation interval at a time. */
  private void clockAt(long seconds) {
    Instant target = T0.plusSeconds(seconds);
    long step = 1000;
    while (true) {
      long now = T0.toEpochMilli() + elapsed;
      if (now + step > target.toEpochMilli()) {
        break;
      }
      driver.advanceWallClockTime(Duration.ofMillis(step));
      elapsed += step;
    }
  }

  private long elapsed;

  /** Moves the wall clock to T0 + millis in one step: at most one scan, at that time. */
  private void clockAtMillis(long millis) {
    driver.advanceWallClockTime(Duration.ofMillis(millis - elapsed));
    elapsed = millis;
  }

  private void sendAtMillis(String uuid, long millis) {
    Instant at = T0.plusMillis(millis);
    pings.pipeInput(uuid, ping(uuid, PingKind.SUCCESS, at), at);
  }

  private static List<AlertStatus> statuses(List<Alert> alerts, String uuid) {
    return alerts.stream().filter(a -> a.getCheckUuid().equals(uuid)).map(Alert::getStatus).toList();
  }

  private static List<String> relative(List<Flip> flips, String uuid, long originMillis) {
    return flips.stream().filter(f -> f.getCheckUuid().equals(uuid))
        .map(f -> f.getFrom() + ">" + f.getTo() + "@" + (f.getAt().toEpochMilli()
        - T0.toEpochMilli() - originMillis)).toList();
  }

  private CheckState state(String uuid) {
    KeyValueStore<String, CheckState> store = driver.getKeyValueStore(StoreNames.CHECK_STATES);
    return store.get(uuid);
  }

  private List<Flip> flipsOut() {
    return flips.readValuesToList();
  }

  private List<Alert> alertsOut() {
    return alerts.readValuesToList();
  }

  @Test
  void theMonitorTellsWhoeverWroteADefinitionWhenItHasAppliedIt() {
    CheckDefinition created = definition("v", 60, 10).build();
    var seen = applied.await("v", created.getUpdatedAt().toEpochMilli(), () -> AppliedVersions.NONE,
        Duration.ofSeconds(30));
    assertThat(seen).isNotDone();
    define(created);
    assertThat(seen).isCompletedWithValue(true);

    var gone = applied.await("v", AppliedVersions.DELETED,
        () -> HeartbeatMonitorApp.versionOf(state("v")), Duration.ofSeconds(30));
    assertThat(gone).isNotDone();
    checks.pipeInput("v", null, T0.plusSeconds(1));
    assertThat(gone).isCompletedWithValue(true);
    assertThat(state("v")).isNull();
  }

  @Test
  void lateAtTimeoutDownAtGraceWithExactlyOneAlertStampedAtTheDeadline() {
    define(definition("a", 60, 30).build());
    send("a", PingKind.SUCCESS, 0);
    assertThat(flipsOut()).extracting(Flip::getTo).containsExactly(CheckStatus.UP);
    assertThat(alertsOut()).as("new -> up never alerts").isEmpty();

    clockAt(61);
    assertThat(CheckRules.statusAt(state("a"), state("a").getDefinition(), T0.plusSeconds(61).toEpochMilli(), true))
        .isEqualTo(CheckRules.Status.GRACE);
    assertThat(flipsOut()).as("late is derived, not a flip").isEmpty();

    clockAt(89);
    assertThat(alertsOut()).isEmpty();
    clockAt(91);
    List<Flip> down = flipsOut();
    assertThat(down).singleElement().satisfies(f -> {
      assertThat(f.getTo()).isEqualTo(CheckStatus.DOWN);
      assertThat(f.getReason()).isEqualTo(FlipReason.TIMEOUT);
      assertThat(f.getAt()).isEqualTo(T0.plusSeconds(90));
    });
    assertThat(alertsOut()).singleElement().satisfies(a -> {
      assertThat(a.getStatus()).isEqualTo(AlertStatus.DOWN);
      assertThat(a.getCheckName()).isEqualTo("job a");
      assertThat(a.getAt()).isEqualTo(T0.plusSeconds(90));
    });

    clockAt(600);
    assertThat(alertsOut()).as("one alert per incident").isEmpty();
    assertThat(flipsOut()).isEmpty();
  }

  /** The scan keeps the earliest deadline in memory and reads the index only once it is due. */
  @Test
  void aDeadlineEarlierThanAllTheOthersIsAppliedOnTime() {
    define(definition("slow", 3600, 60).build());
    send("slow", PingKind.SUCCESS, 0);
    clockAt(10);
    define(definition("fast", 60, 30).build());
    send("fast", PingKind.SUCCESS, 10);
    clockAt(99);
    assertThat(statuses(alertsOut(), "fast")).isEmpty();
    clockAt(101);
    assertThat(statuses(alertsOut(), "fast")).containsExactly(AlertStatus.DOWN);
  }

  @Test
  void recoveryAfterDownAlertsUpOnce() {
    define(definition("a", 60, 30).build());
    send("a", PingKind.SUCCESS, 0);
    clockAt(91);
    alertsOut();
    send("a", PingKind.SUCCESS, 95);
    assertThat(alertsOut()).singleElement().satisfies(a -> {
      assertThat(a.getStatus()).isEqualTo(AlertStatus.UP);
      assertThat(a.getPreviousStatus()).isEqualTo(CheckStatus.DOWN);
    });
    send("a", PingKind.SUCCESS, 96);
    assertThat(alertsOut()).isEmpty();
    assertThat(state("a").getStatus()).isEqualTo(CheckStatus.UP);
    assertThat(state("a").getNPings()).isEqualTo(3);
  }

  @Test
  void failGoesDownAtOnce() {
    define(definition("a", 3600, 3600).build());
    send("a", PingKind.SUCCESS, 0);
    send("a", PingKind.FAIL, 10);
    assertThat(flipsOut()).extracting(Flip::getTo, Flip::getReason)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(CheckStatus.UP, FlipReason.PING),
            org.assertj.core.groups.Tuple.tuple(CheckStatus.DOWN, FlipReason.FAIL));
    assertThat(alertsOut()).singleElement().satisfies(a -> assertThat(a.getReason()).isEqualTo(FlipReason.FAIL));
  }

  private void sendWithBody(String uuid, PingKind kind, long atSeconds, String body) {
    Instant at = T0.plusSeconds(atSeconds);
    pings.pipeInput(uuid, Ping.newBuilder(ping(uuid, kind, at)).setBody(body).build(), at);
  }

  @Test
  void anAlertCarriesTheBodyOfThePingBeforeIt() {
    define(definition("a", 60, 30).build());
    sendWithBody("a", PingKind.SUCCESS, 0, "backup ok");
    sendWithBody("a", PingKind.FAIL, 10, "tar: /srv: Cannot open: Permission denied");
    assertThat(alertsOut()).singleElement().satisfies(a -> {
      assertThat(a.getStatus()).isEqualTo(AlertStatus.DOWN);
      assertThat(a.getBody()).as("the /fail ping that took it down").isEqualTo("tar: /srv: Cannot open: Permission denied");
    });

    sendWithBody("a", PingKind.SUCCESS, 20, "");
    assertThat(alertsOut()).singleElement().satisfies(a -> assertThat(a.getBody()).as("no body").isNull());

    sendWithBody("a", PingKind.LOG, 30, "still copying");
    clockAt(111);
    assertThat(alertsOut()).singleElement().satisfies(a -> {
      assertThat(a.getReason()).isEqualTo(FlipReason.TIMEOUT);
      assertThat(a.getBody()).as("a missed deadline: the last ping held").isEqualTo("still copying");
    });
  }

  @Test
  void aDeadlinePassedBeforeAPingCarriesTheBodyOfThePingBeforeThatOne() {
    define(definition("a", 2, 1).build());
    pings.pipeInput("a", Ping.newBuilder(ping("a", PingKind.SUCCESS, T0)).setBody("first").build(), T0);
    readThrough = Long.MIN_VALUE;
    clockAtMillis(10_000);
    Instant late = T0.plusMillis(9_000);
    pings.pipeInput("a", Ping.newBuilder(ping("a", PingKind.SUCCESS, late)).setBody("second").build(), late);
    assertThat(alertsOut()).extracting(Alert::getStatus, Alert::getBody).containsExactly(
        org.assertj.core.groups.Tuple.tuple(AlertStatus.DOWN, "first"),
        org.assertj.core.groups.Tuple.tuple(AlertStatus.UP, "second"));
  }

  @Test
  void anAlertBodyIsCutToItsLimit() {
    define(definition("a", 60, 30).build());
    sendWithBody("a", PingKind.FAIL, 0, "x".repeat(AlertBodies.LIMIT + 5));
    assertThat(alertsOut()).singleElement().satisfies(a -> assertThat(a.getBody()).hasSize(AlertBodies.LIMIT));
  }

  @Test
  void aStartedRunThatOverrunsMaxRuntimeGoesDown() {
    define(definition("a", 3600, 600).setMaxRuntimeSeconds(20L).build());
    send("a", PingKind.SUCCESS, 0);
    send("a", PingKind.START, 10, "0b7f3a50-2b0e-4a7c-9d37-0e0cfb8e7c0e");
    flipsOut();
    clockAt(29);
    assertThat(flipsOut()).isEmpty();
    clockAt(31);
    assertThat(flipsOut()).singleElement().satisfies(f -> {
      assertThat(f.getReason()).isEqualTo(FlipReason.TIMEOUT);
      assertThat(f.getAt()).isEqualTo(T0.plusSeconds(30));
    });
    assertThat(alertsOut()).hasSize(1);
  }

  @Test
  void aCronCheckGoesDownAfterItsNextRunInItsZoneAcrossDst() {
    Instant lastRun = Instant.parse("2025-03-29T09:00:30Z");
    CheckDefinition cron = definition("a", 60, 60).setSchedule("0 9 * * *").setTz("Europe/Lisbon")
        .setCreatedAt(lastRun).setUpdatedAt(lastRun).build();
    driver.advanceWallClockTime(Duration.between(T0, lastRun));
    elapsed = Duration.between(T0, lastRun).toMillis();
    define(cron);
    pings.pipeInput("a", ping("a", PingKind.SUCCESS, lastRun), lastRun);
    flipsOut();
    long downSeconds = Duration.between(T0, Instant.parse("2025-03-30T08:01:00Z")).toSeconds();
    clockAt(downSeconds - 2);
    assertThat(flipsOut()).isEmpty();
    clockAt(downSeconds + 1);
    assertThat(flipsOut()).singleElement()
        .satisfies(f -> assertThat(f.getAt()).isEqualTo(Instant.parse("2025-03-30T08:01:00Z")));
  }

  @Test
  void pausedChecksAlertNothingAndAPingResumesThem() {
    define(definition("a", 60, 30).build());
    send("a", PingKind.SUCCESS, 0);
    define(definition("a", 60, 30).setPausedAt(T0.plusSeconds(5)).setUpdatedAt(T0.plusSeconds(5)).build());
    clockAt(600);
    assertThat(flipsOut()).extracting(Flip::getTo).containsExactly(CheckStatus.UP, CheckStatus.PAUSED);
    assertThat(alertsOut()).isEmpty();
    send("a", PingKind.SUCCESS, 601);
    assertThat(flipsOut()).singleElement().satisfies(f -> assertThat(f.getFrom()).isEqualTo(CheckStatus.PAUSED));
    assertThat(alertsOut()).as("paused -> up never alerts").isEmpty();
  }

  @Test
  void manualResumeHoldsThePauseUntilTheResumeCommand() {
    CheckDefinition paused = definition("a", 60, 30).setManualResume(true).setPausedAt(T0.plusSeconds(1)).build();
    define(paused);
    send("a", PingKind.SUCCESS, 2);
    assertThat(state("a").getStatus()).isEqualTo(CheckStatus.PAUSED);
    define(CheckDefinition.newBuilder(paused).setResumedAt(T0.plusSeconds(3)).build());
    assertThat(flipsOut()).extracting(Flip::getTo, Flip::getReason).containsExactly(
        org.assertj.core.groups.Tuple.tuple(CheckStatus.PAUSED, FlipReason.PAUSE),
        org.assertj.core.groups.Tuple.tuple(CheckStatus.NEW, FlipReason.RESUME));
    send("a", PingKind.SUCCESS, 4);
    assertThat(state("a").getStatus()).isEqualTo(CheckStatus.UP);
  }

  @Test
  void realertRepeatsWhileDown() {
    define(definition("a", 60, 30).setRealertEverySeconds(60L).build());
    send("a", PingKind.SUCCESS, 0);
    clockAt(91);
    clockAt(151);
    clockAt(211);
    assertThat(alertsOut()).extracting(a -> a.getAt().getEpochSecond() - T0.getEpochSecond())
        .containsExactly(90L, 150L, 210L);
    send("a", PingKind.SUCCESS, 215);
    clockAt(300);
    assertThat(alertsOut()).extracting(Alert::getStatus).containsExactly(AlertStatus.UP);
  }

  @Test
  void aDeletedCheckLeavesNoStateAndNoDeadline() {
    define(definition("a", 60, 30).build());
    send("a", PingKind.SUCCESS, 0);
    checks.pipeInput("a", null, T0.plusSeconds(1));
    clockAt(200);
    assertThat(state("a")).isNull();
    assertThat(alertsOut()).isEmpty();
    KeyValueStore<Bytes, byte[]> deadlines = driver.getKeyValueStore(StoreNames.CHECK_DEADLINES);
    assertThat(deadlines.approximateNumEntries()).isZero();
  }

  @Test
  void historiesKeepTheLastHundredPingsAndEveryFlipNumbered() {
    define(definition("a", 60, 30).build());
    for (int i = 0; i < 130; i++) {
      send("a", i % 10 == 9 ? PingKind.FAIL : PingKind.SUCCESS, i);
    }
    KeyValueStore<Bytes, byte[]> store = driver.getKeyValueStore(StoreNames.PING_HISTORY);
    var history = new CheckHistory<>(Ping.class).newestFirst(store, "a");
    assertThat(history).hasSize(CheckHistory.KEEP);
    assertThat(history.get(0).n()).isEqualTo(130);
    assertThat(history.get(99).n()).isEqualTo(31);
    var flipHistory = new CheckHistory<>(Flip.class).newestFirst(driver.getKeyValueStore(StoreNames.FLIP_HISTORY), "a");
    assertThat(flipHistory).hasSize(26);
    assertThat(flipHistory.get(0).n()).isEqualTo(26);
    assertThat(flipHistory.get(0).entry().getTo()).as("ping 130 failed").isEqualTo(CheckStatus.DOWN);
  }

  /**
   * The race of issue 10: timeout 2 s, grace 1 s, a ping 30 ms after the deadline. Whether the scan
   * runs before the ping (check a) or the ping is read before the scan (check b), the outcome is the
   * same: DOWN at the deadline, then UP at the ping, each with its alert.
   */
  @Test
  void aPingJustAfterTheDeadlineGivesDownThenUpWhateverTheScanPhase() {
    define(definition("a", 2, 1).build());
    sendAtMillis("a", 0);
    clockAtMillis(3_020);
    sendAtMillis("a", 3_030);
    List<String> scanFirst = relative(flipsOut(), "a", 0);
    List<AlertStatus> scanFirstAlerts = statuses(alertsOut(), "a");

    define(definition("b", 2, 1).setCreatedAt(T0.plusSeconds(100)).setUpdatedAt(T0.plusSeconds(100)).build());
    sendAtMillis("b", 100_000);
    clockAtMillis(102_900);
    sendAtMillis("b", 103_030);
    List<String> pingFirst = relative(flipsOut(), "b", 100_000);
    List<AlertStatus> pingFirstAlerts = statuses(alertsOut(), "b");
    clockAtMillis(105_000);

    assertThat(scanFirst).containsExactly("NEW>UP@0", "UP>DOWN@3000", "DOWN>UP@3030");
    assertThat(pingFirst).isEqualTo(scanFirst);
    assertThat(scanFirstAlerts).containsExactly(AlertStatus.DOWN, AlertStatus.UP);
    assertThat(pingFirstAlerts).isEqualTo(scanFirstAlerts);
    assertThat(relative(flipsOut(), "b", 100_000)).as("nothing more before the next deadline").isEmpty();
  }

  @Test
  void theScanWaitsForTheBacklogSoAPingAckedBeforeItsDeadlineNeverYieldsADown() {
    define(definition("a", 2, 1).build());
    sendAtMillis("a", 0);
    flipsOut();
    readThrough = Long.MIN_VALUE;
    clockAtMillis(10_000);
    assertThat(flipsOut()).as("the deadline passed by the clock, but the pings before it are not read yet").isEmpty();

    sendAtMillis("a", 2_500);
    readThrough = T0.toEpochMilli() + 10_000;
    clockAtMillis(11_000);
    assertThat(relative(flipsOut(), "a", 0)).as("down only at the deadline of the ping acked in time")
        .containsExactly("UP>DOWN@5500");
  }

  @Test
  void aDeadlinePassedWhileTheMonitorWasDownIsAppliedBeforeTheFirstPingAfterIt() {
    define(definition("a", 2, 1).build());
    sendAtMillis("a", 0);
    flipsOut();
    readThrough = Long.MIN_VALUE;
    clockAtMillis(10_000);
    sendAtMillis("a", 9_000);
    assertThat(relative(flipsOut(), "a", 0)).containsExactly("UP>DOWN@3000", "DOWN>UP@9000");
    assertThat(alertsOut()).extracting(Alert::getStatus).containsExactly(AlertStatus.DOWN, AlertStatus.UP);
  }

  @Test
  void metersCountFlipsAlertsChecksAndScans() {
    define(definition("a", 60, 30).build());
    define(definition("b", 60, 30).build());
    send("a", PingKind.SUCCESS, 0);
    clockAt(91);
    assertThat(meters.get("lifeline.flips").tag("to", "down").counter().count()).isEqualTo(1);
    assertThat(meters.get("lifeline.alerts").tag("status", "down").counter().count()).isEqualTo(1);
    assertThat(meters.get("lifeline.checks").tag("status", "down").gauge().value()).isEqualTo(1);
    assertThat(meters.get("lifeline.checks").tag("status", "new").gauge().value()).isEqualTo(1);
    assertThat(meters.get("lifeline.deadline.scan").timer().count()).isGreaterThanOrEqualTo(90);
  }

  @Test
  void aFailureThresholdAlertsOnceAfterThatManyMissesAndFailuresSayingHowMany() {
    define(definition("t", 60, 30).setFailureThreshold(3).build());
    send("t", PingKind.SUCCESS, 0);
    clockAt(91);
    assertThat(relative(flipsOut(), "t", 0)).as("one missed deadline of three").containsExactly("NEW>UP@0");
    send("t", PingKind.FAIL, 100);
    assertThat(alertsOut()).isEmpty();
    clockAt(200);
    List<Flip> down = flipsOut();
    assertThat(relative(down, "t", 0)).as("second miss: the period from the fail at 100 ends at 160, down at 190")
        .containsExactly("UP>DOWN@190000");
    assertThat(down.get(0).getFailures()).isEqualTo(3);
    assertThat(alertsOut()).singleElement().satisfies(a -> assertThat(a.getFailures()).isEqualTo(3));
  }

  @Test
  void aTimedPauseEndsByItselfAndTheCheckWaitsAsNew() {
    CheckDefinition d = definition("p", 60, 30).build();
    define(d);
    send("p", PingKind.SUCCESS, 0);
    define(CheckDefinition.newBuilder(d).setPausedAt(T0.plusSeconds(10)).setPausedUntil(T0.plusSeconds(500))
        .setUpdatedAt(T0.plusSeconds(10)).build());
    clockAtMillis(499_000);
    assertThat(relative(flipsOut(), "p", 0)).containsExactly("NEW>UP@0", "UP>PAUSED@10000");
    clockAtMillis(501_000);
    assertThat(relative(flipsOut(), "p", 0)).containsExactly("PAUSED>NEW@500000");
    clockAtMillis(5_000_000);
    assertThat(flipsOut()).as("new: no deadline until the next ping").isEmpty();
    assertThat(alertsOut()).isEmpty();
    assertThat(state("p").getStatus()).isEqualTo(CheckStatus.NEW);
  }

  @Test
  void aDeadlineInAMaintenanceWindowAlertsOnlyIfStillMissedWhenItEnds() {
    io.lifeline.schemas.MaintenanceWindow nightly = io.lifeline.schemas.MaintenanceWindow.newBuilder()
        .setSchedule("0 0 * * *").setDurationSeconds(1800).build();
    define(definition("m", 60, 30).setMaintenance(List.of(nightly)).build());
    define(definition("n", 60, 30).setMaintenance(List.of(nightly)).build());
    send("m", PingKind.SUCCESS, 0);
    send("n", PingKind.SUCCESS, 0);
    clockAtMillis(1_790_000);
    send("n", PingKind.SUCCESS, 1790);
    assertThat(flipsOut()).extracting(Flip::getTo).containsOnly(CheckStatus.UP);
    clockAtMillis(1_801_000);
    assertThat(relative(flipsOut(), "m", 0)).containsExactly("UP>DOWN@1800000");
    assertThat(statuses(alertsOut(), "n")).as("the job came back before the window ended").isEmpty();
  }

  @Test
  void aPingOnAPausedCheckWithManualResumeIsLoggedAsIgnored() {
    CheckDefinition d = definition("r", 60, 30).setManualResume(true).build();
    define(d);
    define(CheckDefinition.newBuilder(d).setPausedAt(T0.plusSeconds(1)).setUpdatedAt(T0.plusSeconds(1)).build());
    send("r", PingKind.SUCCESS, 2);
    KeyValueStore<Bytes, byte[]> history = driver.getKeyValueStore(StoreNames.PING_HISTORY);
    assertThat(new CheckHistory<>(Ping.class).newestFirst(history, "r")).singleElement()
        .satisfies(p -> assertThat(p.entry().getKind()).isEqualTo(PingKind.IGNORED));
  }
}
