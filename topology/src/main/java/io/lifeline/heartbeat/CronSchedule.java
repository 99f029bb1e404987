package io.lifeline.heartbeat;

import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A check's schedule, evaluated in its time zone, of the two kinds healthchecks accepts and told apart
 * as it tells them apart: one line of five fields is cron, anything else a systemd OnCalendar expression
 * ({@link OnCalendarSchedule}). Cron has what healthchecks' cronsim accepts beyond UNIX cron: {@code L}
 * (last day of the month, {@code L-2}) in the day of month, and {@code 5L} (last Friday) and {@code 5#2}
 * (second Friday) in the day of week; cron-utils computes it on zoned local time, so a daily job keeps
 * its wall-clock hour across DST changes. An expression that never fires ({@code 0 0 30 2 *}) is
 * refused, as healthchecks refuses it.
 */
public final class CronSchedule {

  private static final CronParser PARSER = new CronParser(CronDefinitionBuilder.defineCron()
      .withMinutes().withValidRange(0, 59).withStrictRange().and()
      .withHours().withValidRange(0, 23).withStrictRange().and()
      .withDayOfMonth().withValidRange(1, 31).supportsL().and()
      .withMonth().withValidRange(1, 12).withStrictRange().and()
      .withDayOfWeek().withValidRange(0, 7).withMondayDoWValue(1).withIntMapping(7, 0).supportsHash().supportsL().and()
      .instance());
  /** Where healthchecks starts looking for a first run when it validates an expression. */
  private static final ZonedDateTime VALIDATION_START = ZonedDateTime.of(2000, 1, 1, 0, 0, 0, 0, ZoneOffset.UTC);
  private static final int CACHE_LIMIT = 10_000;
  private static final Map<String, ExecutionTime> CACHE = new ConcurrentHashMap<>();
  private static final Map<String, OnCalendarSchedule> ON_CALENDAR = new ConcurrentHashMap<>();

  private CronSchedule() {}

  /** Why the expression cannot be a schedule, or empty when it can: not valid cron or OnCalendar, or never firing. */
  public static Optional<String> problemWith(String expression) {
    if (expression == null || expression.isBlank() || expression.length() > 100) {
      return Optional.of("a schedule has at most 100 characters");
    }
    if (isCron(expression)) {
      return cronProblemWith(expression);
    }
    try {
      if (onCalendar(expression).nextAfter(VALIDATION_START).isEmpty()) {
        return Optional.of("the OnCalendar expression never fires");
      }
      return Optional.empty();
    } catch (IllegalArgumentException e) {
      return Optional.of("not a valid cron or OnCalendar expression: " + e.getMessage());
    }
  }

  /** As {@link #problemWith}, for five-field cron alone (the start of a maintenance window). */
  public static Optional<String> cronProblemWith(String expression) {
    if (expression == null || !isCron(expression)) {
      return Optional.of("a cron expression has five fields");
    }
    try {
      if (executionTime(expression).nextExecution(VALIDATION_START).isEmpty()) {
        return Optional.of("the expression never fires");
      }
      return Optional.empty();
    } catch (IllegalArgumentException e) {
      return Optional.of(e.getMessage() == null ? "invalid cron expression" : e.getMessage());
    }
  }

  /** healthchecks' guess: one line of five fields is cron. */
  private static boolean isCron(String expression) {
    String s = expression.strip();
    return !s.contains("\n") && s.split("\\s+").length == 5;
  }

  /**
   * Zones the tz database renamed, by their old names: a check given the old name is stored under the
   * current one, as healthchecks does ({@code Europe/Kiev} is {@code Europe/Kyiv}).
   */
  private static final Map<String, String> RENAMED = Map.ofEntries(
      Map.entry("Europe/Kiev", "Europe/Kyiv"), Map.entry("Europe/Uzhgorod", "Europe/Kyiv"),
      Map.entry("Europe/Zaporozhye", "Europe/Kyiv"), Map.entry("Asia/Calcutta", "Asia/Kolkata"),
      Map.entry("Asia/Saigon", "Asia/Ho_Chi_Minh"), Map.entry("Asia/Rangoon", "Asia/Yangon"),
      Map.entry("Asia/Katmandu", "Asia/Kathmandu"), Map.entry("Asia/Dacca", "Asia/Dhaka"),
      Map.entry("Asia/Thimbu", "Asia/Thimphu"), Map.entry("Asia/Ulan_Bator", "Asia/Ulaanbaatar"),
      Map.entry("Asia/Ashkhabad", "Asia/Ashgabat"), Map.entry("Asia/Macao", "Asia/Macau"),
      Map.entry("Asia/Chungking", "Asia/Shanghai"), Map.entry("Asia/Ujung_Pandang", "Asia/Makassar"),
      Map.entry("America/Godthab", "America/Nuuk"), Map.entry("Atlantic/Faeroe", "Atlantic/Faroe"),
      Map.entry("America/Buenos_Aires", "America/Argentina/Buenos_Aires"),
      Map.entry("America/Indianapolis", "America/Indiana/Indianapolis"),
      Map.entry("America/Louisville", "America/Kentucky/Louisville"),
      Map.entry("Pacific/Enderbury", "Pacific/Kanton"), Map.entry("Pacific/Truk", "Pacific/Chuuk"),
      Map.entry("Pacific/Ponape", "Pacific/Pohnpei"));

  /** The zone's current name when {@code tz} is one the tz database renamed, else {@code tz}. */
  public static String canonicalZone(String tz) {
    return RENAMED.getOrDefault(tz, tz);
  }

  /** A region id such as {@code Europe/Lisbon}, or {@code UTC}. */
  public static boolean isValidZone(String tz) {
    if (tz == null || tz.isEmpty() || tz.length() > 64) {
      return false;
    }
    if (tz.equals("UTC")) {
      return true;
    }
    try {
      return ZoneId.getAvailableZoneIds().contains(tz) && ZoneId.of(tz) != null;
    } catch (DateTimeException e) {
      return false;
    }
  }

  /**
   * The first time strictly after {@code afterMillis} that the schedule fires in zone {@code tz} (an
   * OnCalendar expression that names its own zone is evaluated in that one).
   */
  public static Optional<Long> nextAfter(String expression, String tz, long afterMillis) {
    ZoneId zone = isValidZone(tz) ? ZoneId.of(tz) : ZoneId.of("UTC");
    ZonedDateTime after = Instant.ofEpochMilli(afterMillis).atZone(zone);
    Optional<ZonedDateTime> next = isCron(expression) ? executionTime(expression).nextExecution(after)
        : onCalendar(expression).nextAfter(after);
    return next.map(t -> t.toInstant().toEpochMilli());
  }

  /** The last time at or before {@code atMillis} that the schedule fires in zone {@code tz}. */
  public static Optional<Long> lastAtOrBefore(String expression, String tz, long atMillis) {
    ZoneId zone = isValidZone(tz) ? ZoneId.of(tz) : ZoneId.of("UTC");
    ZonedDateTime at = Instant.ofEpochMilli(atMillis).atZone(zone);
    ExecutionTime times = executionTime(expression);
    ZonedDateTime minute = at.truncatedTo(ChronoUnit.MINUTES);
    if (times.isMatch(minute)) {
      return Optional.of(minute.toInstant().toEpochMilli());
    }
    return times.lastExecution(at).map(t -> t.toInstant().toEpochMilli());
  }

  private static OnCalendarSchedule onCalendar(String expression) {
    OnCalendarSchedule cached = ON_CALENDAR.get(expression);
    if (cached != null) {
      return cached;
    }
    OnCalendarSchedule parsed = OnCalendarSchedule.parse(expression);
    if (ON_CALENDAR.size() >= CACHE_LIMIT) {
      ON_CALENDAR.clear();
    }
    ON_CALENDAR.put(expression, parsed);
    return parsed;
  }

  private static ExecutionTime executionTime(String expression) {
    ExecutionTime cached = CACHE.get(expression);
    if (cached != null) {
      return cached;
    }
    if (expression == null || expression.isBlank() || expression.length() > 100) {
      throw new IllegalArgumentException("a cron expression has five fields and at most 100 characters");
    }
    ExecutionTime parsed = ExecutionTime.forCron(PARSER.parse(expression.strip()).validate());
    if (CACHE.size() >= CACHE_LIMIT) {
      CACHE.clear();
    }
    CACHE.put(expression, parsed);
    return parsed;
  }
}
