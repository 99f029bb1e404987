package io.lifeline.heartbeat;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
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
  }

  @Test
  void renamedZonesAreStoredUnderTheirCurrentName() {
    assertThat(CronSchedule.canonicalZone("Europe/Kiev")).isEqualTo("Europe/Kyiv");
    assertThat(CronSchedule.canonicalZone("Europe/Lisbon")).isEqualTo("Europe/Lisbon");
  }

  private static long utc(String iso) {
    return java.time.Instant.parse(iso).toEpochMilli();
  }

  private static Long next(String expression, String tz, String after) {
    return CronSchedule.nextAfter(expression, tz, utc(after)).orElse(null);
  }

  @Test
  void onCalendarExpressionsAreEvaluatedAsSystemdDoes() {
    assertThat(next("Mon..Fri *-*-* 09:00", "UTC", "2026-01-02T10:00:00Z")).as("Friday after nine: Monday")
        .isEqualTo(utc("2026-01-05T09:00:00Z"));
    assertThat(next("Mon, 12:34", "UTC", "2026-01-01T00:00:00Z")).isEqualTo(utc("2026-01-05T12:34:00Z"));
    assertThat(next("*-*-01 00:00:00", "UTC", "2026-01-01T00:00:00Z")).isEqualTo(utc("2026-02-01T00:00:00Z"));
    assertThat(next("*-02~01", "UTC", "2027-03-01T00:00:00Z")).as("the last day of February")
        .isEqualTo(utc("2028-02-29T00:00:00Z"));
    assertThat(next("Mon *-05~07/1 12:00", "UTC", "2026-01-01T00:00:00Z")).as("the last Monday of May")
        .isEqualTo(utc("2026-05-25T12:00:00Z"));
    assertThat(next("*:0/15", "UTC", "2026-01-01T10:07:30Z")).isEqualTo(utc("2026-01-01T10:15:00Z"));
    assertThat(next("daily", "UTC", "2026-01-01T10:00:00Z")).isEqualTo(utc("2026-01-02T00:00:00Z"));
    assertThat(next("weekly", "UTC", "2026-01-01T10:00:00Z")).isEqualTo(utc("2026-01-05T00:00:00Z"));
    assertThat(next("Sat 10:00\nSun 12:00", "UTC", "2026-01-03T11:00:00Z")).as("the sooner of two lines")
        .isEqualTo(utc("2026-01-04T12:00:00Z"));
  }

  @Test
  void anOnCalendarTimeIsLocalToTheChecksZoneOrItsOwn() {
    assertThat(next("*-*-* 09:00", "Europe/Lisbon", "2026-07-01T00:00:00Z")).as("09:00 WEST")
        .isEqualTo(utc("2026-07-01T08:00:00Z"));
    assertThat(next("*-*-* 09:00 Europe/Riga", "UTC", "2026-07-01T00:00:00Z")).as("the expression's zone wins")
        .isEqualTo(utc("2026-07-01T06:00:00Z"));
    assertThat(next("12:00 Europe/Kiev", "UTC", "2026-01-01T00:00:00Z")).isEqualTo(utc("2026-01-01T10:00:00Z"));
  }

  @Test
  void aBadOrNeverFiringOnCalendarExpressionIsRefused() {
    assertThat(CronSchedule.problemWith("Mon..Fri *-*-* 09:00")).isEmpty();
    for (String bad : List.of("Mon 25:00", "Funday 10:00", "*-13-01", "Fri..Mon 10:00", "10:00 Mars/Base", "2001-02-29")) {
      assertThat(CronSchedule.problemWith(bad)).as(bad).isPresent();
    }
    assertThat(CronSchedule.problemWith("2100-02-29")).hasValueSatisfying(p -> assertThat(p).contains("never fires"));
    assertThat(CronSchedule.cronProblemWith("daily")).as("maintenance windows start on cron").isPresent();
  }
}
