package io.lifeline.heartbeat;

import static io.lifeline.heartbeat.Checks.T0;
import static io.lifeline.heartbeat.Checks.definition;
import static io.lifeline.heartbeat.Checks.ping;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.entry;

import io.lifeline.heartbeat.CheckRules.Status;
import io.lifeline.schemas.AlertStatus;
import io.lifeline.schemas.CheckDefinition;
import io.lifeline.schemas.CheckStatus;
import io.lifeline.schemas.Flip;
import io.lifeline.schemas.FlipReason;
import io.lifeline.schemas.Ping;
import io.lifeline.schemas.PingKind;
import io.lifeline.schemas.internal.CheckState;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The rules one by one, as pure functions; the topology test shows them applied end to end. */
class CheckRulesTest {

  private final CheckRules rules = new CheckRules("http://lifeline.test");
  private final CheckDefinition def = definition("c1", 60, 30).build();

  private CheckState upAt(long seconds) {
    CheckState s = onDefinition(null, def).state();
    return onPing(s, ping("c1", PingKind.SUCCESS, T0.plusSeconds(seconds))).state();
  }

  private long ms(long seconds) {
    return T0.plusSeconds(seconds).toEpochMilli();
  }

  /** A ping whose record was appended when the edge received it. */
  private CheckRules.Outcome onPing(CheckState s, Ping ping) {
    return rules.onPing(s, ping, ping.getReceivedAt().toEpochMilli());
  }

  private CheckRules.Outcome onDefinition(CheckState s, CheckDefinition definition) {
    return rules.onDefinition(s, definition, definition.getUpdatedAt().toEpochMilli());
  }

  @Test
  void aPingAfterAPassedDeadlineAppliesTheDeadlineFirstAsTheScanWould() {
    CheckRules.Outcome scanFirst = rules.onDeadline(upAt(0), ms(90));
    CheckRules.Outcome scanFirstThenPing = onPing(scanFirst.state(), ping("c1", PingKind.SUCCESS, T0.plusSeconds(95)));
    CheckRules.Outcome pingFirst = onPing(upAt(0), ping("c1", PingKind.SUCCESS, T0.plusSeconds(95)));

    assertThat(pingFirst.flips()).extracting(f -> f.getTo() + "@" + (f.getAt().getEpochSecond() - T0.getEpochSecond()))
        .containsExactly("DOWN@90", "UP@95");
    assertThat(pingFirst.alerts()).extracting(a -> a.getStatus() + "@" + (a.getAt().getEpochSecond() - T0.getEpochSecond()))
        .containsExactly("DOWN@90", "UP@95");
    assertThat(pingFirst.flips()).isEqualTo(concat(scanFirst.flips(), scanFirstThenPing.flips()));
    assertThat(pingFirst.alerts()).isEqualTo(concat(scanFirst.alerts(), scanFirstThenPing.alerts()));
    assertThat(pingFirst.state()).isEqualTo(scanFirstThenPing.state());
  }

  @Test
  void aPingStampedAtItsDeadlineComesAfterTheDeadline() {
    CheckRules.Outcome o = onPing(upAt(0), ping("c1", PingKind.SUCCESS, T0.plusSeconds(90)));
    assertThat(o.flips()).extracting(Flip::getTo).containsExactly(CheckStatus.DOWN, CheckStatus.UP);
    CheckRules.Outcome justBefore = onPing(upAt(0), ping("c1", PingKind.SUCCESS, T0.plusSeconds(90).minusMillis(1)));
    assertThat(justBefore.flips()).isEmpty();
    assertThat(justBefore.alerts()).isEmpty();
  }

  @Test
  void aDefinitionAfterAPassedDeadlineAppliesItUnderTheOldDefinitionFirst() {
    CheckDefinition longer = definition("c1", 600, 30).setUpdatedAt(T0.plusSeconds(100)).build();
    CheckRules.Outcome o = onDefinition(upAt(0), longer);
    assertThat(o.flips()).singleElement().satisfies(f -> {
      assertThat(f.getTo()).isEqualTo(CheckStatus.DOWN);
      assertThat(f.getAt()).isEqualTo(T0.plusSeconds(90));
    });
    assertThat(o.state().getDefinition().getTimeoutSeconds()).isEqualTo(600);
  }

  @Test
  void everyRepeatMissedBeforeAnEventIsAppliedAtItsOwnTime() {
    CheckDefinition realert = definition("c1", 60, 30).setRealertEverySeconds(600L).build();
    CheckState up = onPing(onDefinition(null, realert).state(), ping("c1", PingKind.SUCCESS, T0)).state();
    CheckRules.Outcome o = onPing(up, ping("c1", PingKind.SUCCESS, T0.plusSeconds(2000)));
    assertThat(o.alerts()).extracting(a -> a.getStatus() + "@" + (a.getAt().getEpochSecond() - T0.getEpochSecond()))
        .containsExactly("DOWN@90", "DOWN@690", "DOWN@1290", "DOWN@1890", "UP@2000");
  }

  private static <T> List<T> concat(List<T> a, List<T> b) {
    return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
  }

  @Test
  void aNewCheckIsNewAndHasNoDeadline() {
    CheckState s = onDefinition(null, def).state();
    assertThat(s.getStatus()).isEqualTo(CheckStatus.NEW);
    assertThat(s.getDeadline()).isNull();
    assertThat(CheckRules.statusAt(s, def, ms(100_000), true)).isEqualTo(Status.NEW);
  }

  @Test
  void theFirstPingFlipsNewToUpWithoutAnAlert() {
    CheckRules.Outcome o = onPing(onDefinition(null, def).state(), ping("c1", PingKind.SUCCESS, T0));
    assertThat(o.flips()).singleElement().satisfies(f -> {
      assertThat(f.getFrom()).isEqualTo(CheckStatus.NEW);
      assertThat(f.getTo()).isEqualTo(CheckStatus.UP);
    });
    assertThat(o.alerts()).isEmpty();
    assertThat(o.state().getDeadline()).isEqualTo(ms(90));
  }

  @Test
  void lateAfterTimeoutIsGraceThenDownAfterGrace() {
    CheckState s = upAt(0);
    assertThat(CheckRules.statusAt(s, def, ms(59), true)).isEqualTo(Status.UP);
    assertThat(CheckRules.statusAt(s, def, ms(60), true)).isEqualTo(Status.GRACE);
    assertThat(CheckRules.statusAt(s, def, ms(90), true)).isEqualTo(Status.DOWN);
    assertThat(CheckRules.nextPing(s, def, ms(0))).isEqualTo(ms(60));
  }

  @Test
  void theDeadlineTakesTheCheckDownStampedAtTheDeadline() {
    CheckRules.Outcome o = rules.onDeadline(upAt(0), ms(90));
    assertThat(o.state().getStatus()).isEqualTo(CheckStatus.DOWN);
    assertThat(o.flips()).singleElement().satisfies(f -> {
      assertThat(f.getReason()).isEqualTo(FlipReason.TIMEOUT);
      assertThat(f.getAt()).isEqualTo(T0.plusSeconds(90));
    });
    assertThat(o.alerts()).singleElement().satisfies(a -> {
      assertThat(a.getStatus()).isEqualTo(AlertStatus.DOWN);
      assertThat(a.getPreviousStatus()).isEqualTo(CheckStatus.UP);
      assertThat(a.getPingUrl()).isEqualTo("http://lifeline.test/ping/c1");
    });
    assertThat(o.state().getDeadline()).as("no realert configured").isNull();
  }

  @Test
  void aSecondFailureInTheSameIncidentAlertsNothing() {
    CheckState down = onPing(upAt(0), ping("c1", PingKind.FAIL, T0.plusSeconds(5))).state();
    CheckRules.Outcome again = onPing(down, ping("c1", PingKind.FAIL, T0.plusSeconds(6)));
    assertThat(again.flips()).isEmpty();
    assertThat(again.alerts()).isEmpty();
  }

  @Test
  void recoveryFromDownAlertsUp() {
    CheckState down = rules.onDeadline(upAt(0), ms(90)).state();
    CheckRules.Outcome up = onPing(down, ping("c1", PingKind.SUCCESS, T0.plusSeconds(100)));
    assertThat(up.alerts()).singleElement().satisfies(a -> {
      assertThat(a.getStatus()).isEqualTo(AlertStatus.UP);
      assertThat(a.getPreviousStatus()).isEqualTo(CheckStatus.DOWN);
    });
  }

  @Test
  void aStartedRunIsStartedAndGoesDownAfterMaxRuntime() {
    CheckDefinition withRuntime = definition("c1", 3600, 600).setMaxRuntimeSeconds(10L).build();
    CheckState s = onPing(onDefinition(upAt(0), withRuntime).state(),
        ping("c1", PingKind.START, T0.plusSeconds(5), "r1")).state();
    assertThat(CheckRules.statusAt(s, withRuntime, ms(6), true)).isEqualTo(Status.STARTED);
    assertThat(s.getDeadline()).isEqualTo(ms(15));
    assertThat(CheckRules.statusAt(s, withRuntime, ms(15), true)).isEqualTo(Status.DOWN);
  }

  @Test
  void maxRuntimeDefaultsToTheGracePeriod() {
    CheckState s = onPing(upAt(0), ping("c1", PingKind.START, T0.plusSeconds(5))).state();
    assertThat(s.getDeadline()).isEqualTo(ms(35));
  }

  @Test
  void aFinishWithAnotherRidLeavesTheRunOpen() {
    CheckState started = onPing(upAt(0), ping("c1", PingKind.START, T0.plusSeconds(5), "r1")).state();
    CheckState other = onPing(started, ping("c1", PingKind.SUCCESS, T0.plusSeconds(6), "r2")).state();
    assertThat(other.getLastStart()).isNotNull();
    CheckState done = onPing(other, ping("c1", PingKind.SUCCESS, T0.plusSeconds(8), "r1")).state();
    assertThat(done.getLastStart()).isNull();
    assertThat(done.getLastDurationMillis()).isEqualTo(3000L);
  }

  @Test
  void logAndIgnoredPingsOnlyCount() {
    CheckState s = upAt(0);
    CheckRules.Outcome o = onPing(s, ping("c1", PingKind.LOG, T0.plusSeconds(1)));
    CheckRules.Outcome ignored = onPing(o.state(), ping("c1", PingKind.IGNORED, T0.plusSeconds(2)));
    assertThat(ignored.state().getNPings()).isEqualTo(3);
    assertThat(ignored.state().getLastPing()).isEqualTo(ms(0));
    assertThat(o.flips()).isEmpty();
  }

  @Test
  void pauseFlipsToPausedAndClearsTheDeadline() {
    CheckDefinition paused = definition("c1", 60, 30).setPausedAt(T0.plusSeconds(10)).build();
    CheckRules.Outcome o = onDefinition(upAt(0), paused);
    assertThat(o.state().getStatus()).isEqualTo(CheckStatus.PAUSED);
    assertThat(o.flips()).singleElement().satisfies(f -> assertThat(f.getReason()).isEqualTo(FlipReason.PAUSE));
    assertThat(o.alerts()).isEmpty();
    assertThat(o.state().getDeadline()).isNull();
    assertThat(onDefinition(o.state(), paused).flips()).as("a handled pause is not applied twice").isEmpty();
  }

  @Test
  void aPingResumesAPausedCheckWithoutAnAlertUnlessManualResume() {
    CheckState paused = onDefinition(upAt(0), definition("c1", 60, 30).setPausedAt(T0.plusSeconds(1)).build())
        .state();
    CheckRules.Outcome resumed = onPing(paused, ping("c1", PingKind.SUCCESS, T0.plusSeconds(2)));
    assertThat(resumed.state().getStatus()).isEqualTo(CheckStatus.UP);
    assertThat(resumed.alerts()).isEmpty();

    CheckState manual = onDefinition(upAt(0),
        definition("c1", 60, 30).setManualResume(true).setPausedAt(T0.plusSeconds(1)).build()).state();
    CheckRules.Outcome held = onPing(manual, ping("c1", PingKind.FAIL, T0.plusSeconds(2)));
    assertThat(held.state().getStatus()).isEqualTo(CheckStatus.PAUSED);
    assertThat(held.flips()).isEmpty();
    assertThat(held.state().getNPings()).isEqualTo(2);
  }

  @Test
  void resumeMakesAPausedCheckNewAgain() {
    CheckDefinition paused = definition("c1", 60, 30).setPausedAt(T0.plusSeconds(1)).build();
    CheckState s = onDefinition(upAt(0), paused).state();
    CheckDefinition resumed = CheckDefinition.newBuilder(paused).setResumedAt(T0.plusSeconds(2)).build();
    CheckRules.Outcome o = onDefinition(s, resumed);
    assertThat(o.state().getStatus()).isEqualTo(CheckStatus.NEW);
    assertThat(o.state().getLastPing()).isNull();
    assertThat(o.flips()).singleElement().satisfies(f -> {
      assertThat(f.getReason()).isEqualTo(FlipReason.RESUME);
      assertThat(f.getTo()).isEqualTo(CheckStatus.NEW);
    });
  }

  @Test
  void realertRepeatsTheDownAlertAtItsPeriod() {
    CheckDefinition realert = definition("c1", 60, 30).setRealertEverySeconds(600L).build();
    CheckState up = onPing(onDefinition(null, realert).state(), ping("c1", PingKind.SUCCESS, T0)).state();
    CheckRules.Outcome down = rules.onDeadline(up, ms(90));
    assertThat(down.state().getDeadline()).isEqualTo(ms(690));
    CheckRules.Outcome repeat = rules.onDeadline(down.state(), ms(690));
    assertThat(repeat.flips()).isEmpty();
    assertThat(repeat.alerts()).singleElement().satisfies(a -> {
      assertThat(a.getStatus()).isEqualTo(AlertStatus.DOWN);
      assertThat(a.getReason()).isEqualTo(FlipReason.TIMEOUT);
      assertThat(a.getAt()).isEqualTo(T0.plusSeconds(690));
    });
    assertThat(repeat.state().getDeadline()).isEqualTo(ms(1290));
  }

  @Test
  void aCronCheckIsExpectedAtTheNextRunInItsZone() {
    CheckDefinition cron = definition("c1", 60, 120).setSchedule("0 9 * * *").setTz("Europe/Lisbon").build();
    long lastPing = java.time.Instant.parse("2025-03-29T09:00:30Z").toEpochMilli();
    CheckState s = onPing(onDefinition(null, cron).state(),
        ping("c1", PingKind.SUCCESS, java.time.Instant.ofEpochMilli(lastPing))).state();
    long expected = java.time.Instant.parse("2025-03-30T08:00:00Z").toEpochMilli();
    assertThat(CheckRules.nextPing(s, cron, s.getLastPing())).isEqualTo(expected);
    assertThat(s.getDeadline()).isEqualTo(expected + Duration.ofSeconds(120).toMillis());
  }

  @Test
  void anOnCalendarCheckIsExpectedAtItsNextTimeInItsZone() {
    CheckDefinition weekdays = definition("c1", 60, 120).setSchedule("Mon..Fri *-*-* 09:00").setTz("Europe/Lisbon")
        .build();
    long friday = java.time.Instant.parse("2026-01-02T09:00:30Z").toEpochMilli();
    CheckState s = onPing(onDefinition(null, weekdays).state(),
        ping("c1", PingKind.SUCCESS, java.time.Instant.ofEpochMilli(friday))).state();
    long monday = java.time.Instant.parse("2026-01-05T09:00:00Z").toEpochMilli();
    assertThat(CheckRules.nextPing(s, weekdays, friday)).isEqualTo(monday);
    assertThat(s.getDeadline()).isEqualTo(monday + Duration.ofSeconds(120).toMillis());
  }

  @Test
  void whatAPingMeansDependsOnItsPathItsExitStatusAndTheChecksMethods() {
    CheckDefinition any = definition("k", 60, 10).build();
    CheckDefinition postOnly = definition("k", 60, 10).setMethods("POST").build();
    assertThat(CheckRules.kindOf(any, PingKind.SUCCESS, null, "GET", "")).isEqualTo(PingKind.SUCCESS);
    assertThat(CheckRules.kindOf(any, PingKind.SUCCESS, 0, "GET", "")).isEqualTo(PingKind.SUCCESS);
    assertThat(CheckRules.kindOf(any, PingKind.SUCCESS, 1, "HEAD", "")).isEqualTo(PingKind.FAIL);
    assertThat(CheckRules.kindOf(any, PingKind.START, null, "POST", "")).isEqualTo(PingKind.START);
    assertThat(CheckRules.kindOf(postOnly, PingKind.FAIL, null, "GET", "")).isEqualTo(PingKind.IGNORED);
    assertThat(CheckRules.kindOf(postOnly, PingKind.FAIL, null, "POST", "")).isEqualTo(PingKind.FAIL);
  }

  @Test
  void withTheHttpBodyFilterTheBodysKeywordsDecide() {
    CheckDefinition filtered = definition("k", 60, 10).setFilterHttpBody(true).setFailureKw("BROKEN, ERROR")
        .setSuccessKw("OK").setStartKw("STARTING").build();
    assertThat(CheckRules.kindOf(filtered, PingKind.SUCCESS, null, "POST", "job BROKEN")).isEqualTo(PingKind.FAIL);
    assertThat(CheckRules.kindOf(filtered, PingKind.SUCCESS, null, "POST", "ERROR but OK")).isEqualTo(PingKind.FAIL);
    assertThat(CheckRules.kindOf(filtered, PingKind.FAIL, null, "POST", "all OK")).isEqualTo(PingKind.SUCCESS);
    assertThat(CheckRules.kindOf(filtered, PingKind.SUCCESS, 3, "POST", "STARTING up")).isEqualTo(PingKind.START);
    assertThat(CheckRules.kindOf(filtered, PingKind.SUCCESS, null, "POST", "job Broken"))
        .as("keywords are case-insensitive").isEqualTo(PingKind.FAIL);
    assertThat(CheckRules.kindOf(filtered, PingKind.SUCCESS, null, "POST", "nothing to see"))
        .as("no keyword: ignored").isEqualTo(PingKind.IGNORED);
    assertThat(CheckRules.kindOf(filtered, PingKind.SUCCESS, null, "GET", "")).isEqualTo(PingKind.IGNORED);
    CheckDefinition defaultFail = CheckDefinition.newBuilder(filtered).setFilterDefaultFail(true).build();
    assertThat(CheckRules.kindOf(defaultFail, PingKind.SUCCESS, null, "GET", "nothing")).isEqualTo(PingKind.FAIL);
    CheckDefinition unfiltered = CheckDefinition.newBuilder(filtered).setFilterHttpBody(false).build();
    assertThat(CheckRules.kindOf(unfiltered, PingKind.SUCCESS, null, "POST", "job BROKEN"))
        .as("keywords alone, without filter_http_body, change nothing (healthchecks' filter_body is for email)")
        .isEqualTo(PingKind.SUCCESS);
    CheckDefinition postOnly = CheckDefinition.newBuilder(filtered).setMethods("POST").build();
    assertThat(CheckRules.kindOf(postOnly, PingKind.SUCCESS, null, "GET", "all OK")).isEqualTo(PingKind.IGNORED);
  }

  @Test
  void aFailureThresholdTakesTheCheckDownOnlyAfterThatManyFailuresInARow() {
    CheckDefinition three = definition("c1", 60, 30).setFailureThreshold(3).build();
    CheckState s = onPing(onDefinition(null, three).state(), ping("c1", PingKind.SUCCESS, T0)).state();
    CheckRules.Outcome one = onPing(s, ping("c1", PingKind.FAIL, T0.plusSeconds(1)));
    CheckRules.Outcome two = onPing(one.state(), ping("c1", PingKind.FAIL, T0.plusSeconds(2)));
    assertThat(two.flips()).isEmpty();
    assertThat(two.alerts()).isEmpty();
    assertThat(two.state().getStatus()).isEqualTo(CheckStatus.UP);
    CheckRules.Outcome reset = onPing(two.state(), ping("c1", PingKind.SUCCESS, T0.plusSeconds(3)));
    assertThat(reset.state().getFailures()).isZero();

    CheckState again = reset.state();
    for (int i = 4; i < 6; i++) {
      again = onPing(again, ping("c1", PingKind.FAIL, T0.plusSeconds(i))).state();
    }
    CheckRules.Outcome third = onPing(again, ping("c1", PingKind.FAIL, T0.plusSeconds(6)));
    assertThat(third.flips()).singleElement().satisfies(f -> {
      assertThat(f.getTo()).isEqualTo(CheckStatus.DOWN);
      assertThat(f.getFailures()).isEqualTo(3);
    });
    assertThat(third.alerts()).singleElement().satisfies(a -> assertThat(a.getFailures()).isEqualTo(3));
  }

  @Test
  void withoutAThresholdADownSaysNoCountAsFlipsWrittenBeforeThresholdsSoOldLogsReplayTheSame() {
    CheckRules.Outcome down = rules.onDeadline(upAt(0), ms(90));
    assertThat(down.flips()).singleElement().satisfies(f -> assertThat(f.getFailures()).isZero());
    assertThat(down.alerts()).singleElement().satisfies(a -> assertThat(a.getFailures()).isZero());
    assertThat(onPing(upAt(0), ping("c1", PingKind.FAIL, T0.plusSeconds(1))).flips())
        .singleElement().satisfies(f -> assertThat(f.getFailures()).isZero());
  }

  @Test
  void missedDeadlinesCountTowardsTheThresholdAndTheNextPeriodRunsFromTheMissedOne() {
    CheckDefinition two = definition("c1", 60, 30).setFailureThreshold(2).build();
    CheckState up = onPing(onDefinition(null, two).state(), ping("c1", PingKind.SUCCESS, T0)).state();
    CheckRules.Outcome firstMiss = rules.onDeadline(up, ms(90));
    assertThat(firstMiss.flips()).isEmpty();
    assertThat(firstMiss.state().getFailures()).isEqualTo(1);
    assertThat(firstMiss.state().getDeadline()).as("expected at 60, then at 120, down at 150").isEqualTo(ms(150));
    CheckRules.Outcome secondMiss = rules.onDeadline(firstMiss.state(), ms(150));
    assertThat(secondMiss.flips()).singleElement().satisfies(f -> {
      assertThat(f.getAt()).isEqualTo(T0.plusSeconds(150));
      assertThat(f.getReason()).isEqualTo(FlipReason.TIMEOUT);
      assertThat(f.getFailures()).isEqualTo(2);
    });

    CheckRules.Outcome pingLate = onPing(up, ping("c1", PingKind.SUCCESS, T0.plusSeconds(200)));
    assertThat(pingLate.flips()).as("the same log gives the same flips, scanned or not")
        .extracting(f -> f.getTo() + "@" + (f.getAt().getEpochSecond() - T0.getEpochSecond()))
        .containsExactly("DOWN@150", "UP@200");
  }

  @Test
  void aPauseWithUntilResumesByItselfAsNewAtThatTime() {
    CheckDefinition paused = definition("c1", 60, 30).setPausedAt(T0.plusSeconds(10))
        .setPausedUntil(T0.plusSeconds(100)).setUpdatedAt(T0.plusSeconds(10)).build();
    CheckRules.Outcome o = onDefinition(upAt(0), paused);
    assertThat(o.state().getStatus()).isEqualTo(CheckStatus.PAUSED);
    assertThat(o.state().getDeadline()).isEqualTo(ms(100));
    assertThat(CheckRules.statusAt(o.state(), paused, ms(99), false)).isEqualTo(Status.PAUSED);
    assertThat(CheckRules.statusAt(o.state(), paused, ms(100), false)).isEqualTo(Status.NEW);

    CheckRules.Outcome resumed = rules.onDeadline(o.state(), ms(100));
    assertThat(resumed.flips()).singleElement().satisfies(f -> {
      assertThat(f.getTo()).isEqualTo(CheckStatus.NEW);
      assertThat(f.getReason()).isEqualTo(FlipReason.RESUME);
      assertThat(f.getAt()).isEqualTo(T0.plusSeconds(100));
    });
    assertThat(resumed.state().getLastPing()).isNull();
    assertThat(resumed.state().getDeadline()).isNull();
    assertThat(resumed.alerts()).isEmpty();

    CheckRules.Outcome pinged = onPing(o.state(), ping("c1", PingKind.SUCCESS, T0.plusSeconds(130)));
    assertThat(pinged.flips()).extracting(Flip::getTo).containsExactly(CheckStatus.NEW, CheckStatus.UP);
    assertThat(pinged.alerts()).isEmpty();
  }

  @Test
  void aDeadlineInsideAMaintenanceWindowWaitsForTheWindowsEnd() {
    CheckDefinition maintained = definition("c1", 60, 30).setMaintenance(List.of(
        io.lifeline.schemas.MaintenanceWindow.newBuilder().setSchedule("0 * * * *").setDurationSeconds(600).build()))
        .build();
    CheckState up = onPing(onDefinition(null, maintained).state(), ping("c1", PingKind.SUCCESS, T0)).state();
    assertThat(up.getDeadline()).as("due at 90 s, inside the window 00:00-00:10").isEqualTo(ms(600));
    assertThat(CheckRules.statusAt(up, maintained, ms(300), false)).isEqualTo(Status.GRACE);
    CheckRules.Outcome down = rules.onDeadline(up, ms(600));
    assertThat(down.flips()).singleElement().satisfies(f -> assertThat(f.getAt()).isEqualTo(T0.plusSeconds(600)));
    assertThat(down.alerts()).hasSize(1);
    CheckState late = onPing(onDefinition(null, maintained).state(), ping("c1", PingKind.SUCCESS, T0.plusSeconds(900)))
        .state();
    assertThat(late.getDeadline()).as("due at 16:30, outside any window").isEqualTo(ms(990));
  }

  @Test
  void aPingOnAPausedCheckWithManualResumeIsLoggedAsIgnored() {
    CheckState manual = onDefinition(upAt(0),
        definition("c1", 60, 30).setManualResume(true).setPausedAt(T0.plusSeconds(1)).build()).state();
    CheckRules.Outcome held = onPing(manual, ping("c1", PingKind.SUCCESS, T0.plusSeconds(2)));
    assertThat(held.logged().getKind()).isEqualTo(PingKind.IGNORED);
    assertThat(onPing(upAt(0), ping("c1", PingKind.SUCCESS, T0.plusSeconds(2))).logged().getKind())
        .isEqualTo(PingKind.SUCCESS);
  }

  @Test
  void aFinishWithoutAStartDropsTheLastDuration() {
    CheckState started = onPing(upAt(0), ping("c1", PingKind.START, T0.plusSeconds(5))).state();
    CheckState finished = onPing(started, ping("c1", PingKind.SUCCESS, T0.plusSeconds(8))).state();
    assertThat(finished.getLastDurationMillis()).isEqualTo(3000L);
    CheckState again = onPing(finished, ping("c1", PingKind.SUCCESS, T0.plusSeconds(9))).state();
    assertThat(again.getLastDurationMillis()).isNull();
  }

  @Test
  void nextPingIsTheRunsStartWhileRunningAndNoneWhenDown() {
    CheckState started = onPing(upAt(0), ping("c1", PingKind.START, T0.plusSeconds(5))).state();
    assertThat(CheckRules.nextPing(started, def, ms(6))).isEqualTo(ms(5));
    assertThat(CheckRules.statusAt(started, def, ms(6), false)).as("only API v1 reports started").isEqualTo(Status.UP);
    assertThat(CheckRules.statusAt(started, def, ms(6), true)).isEqualTo(Status.STARTED);
    CheckState down = rules.onDeadline(upAt(0), ms(90)).state();
    assertThat(CheckRules.nextPing(down, def, ms(91))).isNull();
    assertThat(CheckRules.nextPing(upAt(0), def, ms(95))).as("overdue: down by the rules, not yet scanned").isNull();
  }

  @Test
  void runDurationsPairAStartWithItsFinishAsTheMonitorDoes() {
    String rid = "5b2c1a8e-0000-4000-8000-000000000001";
    List<Numbered<Ping>> newestFirst = List.of(
        new Numbered<>(6, ping("k", PingKind.SUCCESS, T0.plusSeconds(90))),
        new Numbered<>(5, ping("k", PingKind.SUCCESS, T0.plusSeconds(70), "5b2c1a8e-0000-4000-8000-0000000000ff")),
        new Numbered<>(4, ping("k", PingKind.START, T0.plusSeconds(60))),
        new Numbered<>(3, ping("k", PingKind.FAIL, T0.plusSeconds(25), rid)),
        new Numbered<>(2, ping("k", PingKind.LOG, T0.plusSeconds(15))),
        new Numbered<>(1, ping("k", PingKind.START, T0.plusSeconds(10), rid)));
    assertThat(CheckRules.runDurations(newestFirst)).containsOnly(entry(3L, 15_000L), entry(6L, 30_000L));
  }
}
