package io.lifeline.heartbeat;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class CronScheduleTest {

  private static long at(String iso) {
    return Instant.parse(iso).toEpochMilli();
  }

  @Test
  void aDailyJobKeepsItsLocalHourAcrossTheSpringDstChange() {
    // Lisbon moves from UTC+0 to UTC+1 on 2025-03-30 at 01:00 UTC.
    assertThat(CronSchedule.nextAfter("0 9 * * *", "Europe/Lisbon", at("2025-03-28T09:00:30Z")))
        .contains(at("2025-03-29T09:00:00Z"));
    assertThat(CronSchedule.nextAfter("0 9 * * *", "Europe/Lisbon", at("2025-03-29T09:00:30Z")))
        .contains(at("2025-03-30T08:00:00Z"));
  }

  @Test
  void aDailyJobKeepsItsLocalHourAcrossTheAutumnDstChange() {
    // New York goes back from UTC-4 to UTC-5 on 2025-11-02.
    assertThat(CronSchedule.nextAfter("30 6 * * *", "America/New_York", at("2025-11-01T10:30:10Z")))
        .contains(at("2025-11-02T11:30:00Z"));
  }

  @Test
  void theNextRunIsStrictlyAfterTheGivenTime() {
    assertThat(CronSchedule.nextAfter("*/5 * * * *", "UTC", at("2025-01-01T00:05:00Z")))
        .contains(at("2025-01-01T00:10:00Z"));
  }

  @Test
  void badExpressionsAndZonesAreReported() {
    assertThat(CronSchedule.problemWith("0 9 * * *")).isEmpty();
    assertThat(CronSchedule.problemWith("61 9 * * *")).isPresent();
    assertThat(CronSchedule.problemWith("every day")).isPresent();
    assertThat(CronSchedule.problemWith("")).isPresent();
    assertThat(CronSchedule.isValidZone("Europe/Lisbon")).isTrue();
    assertThat(CronSchedule.isValidZone("UTC")).isTrue();
    assertThat(CronSchedule.isValidZone("Mars/Olympus")).isFalse();
    assertThat(CronSchedule.isValidZone("+01:00")).isFalse();
  }

  @Test
  void lastDayAndNthWeekdayAreAcceptedAsHealthchecksAcceptsThem() {
    long jan1 = java.time.Instant.parse("2026-01-01T00:00:00Z").toEpochMilli();
    assertThat(CronSchedule.problemWith("0 0 L * *")).isEmpty();
    assertThat(CronSchedule.nextAfter("0 0 L * *", "UTC", jan1))
        .contains(java.time.Instant.parse("2026-01-31T00:00:00Z").toEpochMilli());
    assertThat(CronSchedule.nextAfter("0 0 * * 5#2", "UTC", jan1))
        .contains(java.time.Instant.parse("2026-01-09T00:00:00Z").toEpochMilli());
    assertThat(CronSchedule.nextAfter("0 0 * * 5L", "UTC", jan1))
        .contains(java.time.Instant.parse("2026-01-30T00:00:00Z").toEpochMilli());
  }

  @Test
  void anExpressionThatNeverFiresOrIsNotFiveFieldsIsRefused() {
    assertThat(CronSchedule.problemWith("0 0 30 2 *")).hasValueSatisfying(p -> assertThat(p).contains("never fires"));
    assertThat(CronSchedule.problemWith("0 0 29 2 *")).isEmpty();
    assertThat(CronSchedule.problemWith("*-*-* 12:00:00")).hasValueSatisfying(p -> assertThat(p).contains("OnCalendar"));
  }

  @Test
  void renamedZonesAreStoredUnderTheirCurrentName() {
    assertThat(CronSchedule.canonicalZone("Europe/Kiev")).isEqualTo("Europe/Kyiv");
    assertThat(CronSchedule.canonicalZone("Europe/Lisbon")).isEqualTo("Europe/Lisbon");
  }
}
