package io.lifeline.heartbeat;

import com.cronutils.model.CronType;
import com.cronutils.model.definition.CronDefinitionBuilder;
import com.cronutils.model.time.ExecutionTime;
import com.cronutils.parser.CronParser;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * UNIX cron expressions evaluated in a check's time zone. The next run is computed on zoned local
 * time by cron-utils, so a daily job keeps its wall-clock hour across DST changes.
 */
public final class CronSchedule {

  private static final CronParser PARSER = new CronParser(CronDefinitionBuilder.instanceDefinitionFor(CronType.UNIX));
  private static final int CACHE_LIMIT = 10_000;
  private static final Map<String, ExecutionTime> CACHE = new ConcurrentHashMap<>();

  private CronSchedule() {}

  /** Why the expression is not a valid UNIX cron expression, or empty when it is. */
  public static Optional<String> problemWith(String expression) {
    try {
      executionTime(expression);
      return Optional.empty();
    } catch (IllegalArgumentException e) {
      return Optional.of(e.getMessage() == null ? "invalid cron expression" : e.getMessage());
    }
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

  /** The first time strictly after {@code afterMillis} that the schedule fires in zone {@code tz}. */
  public static Optional<Long> nextAfter(String expression, String tz, long afterMillis) {
    ZoneId zone = isValidZone(tz) ? ZoneId.of(tz) : ZoneId.of("UTC");
    ZonedDateTime after = Instant.ofEpochMilli(afterMillis).atZone(zone);
    return executionTime(expression).nextExecution(after).map(t -> t.toInstant().toEpochMilli());
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
