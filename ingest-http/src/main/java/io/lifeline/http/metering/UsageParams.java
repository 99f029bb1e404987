package io.lifeline.http.metering;

import io.javalin.http.Context;
import io.lifeline.http.ApiError;
import io.lifeline.metering.PulseRules;
import io.lifeline.metering.UsageQuery;
import io.lifeline.metering.UsageReport;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Pattern;

/** Query parameters of the usage endpoints; a bad one is a 400 that names it. */
final class UsageParams {

  /** Far enough for any usage, near enough that every instant is a long of milliseconds. */
  static final Instant EARLIEST = Instant.parse("0000-01-01T00:00:00Z");
  static final Instant LATEST = Instant.parse("9999-12-31T23:59:59.999Z");
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9._:\\-]{1," + PulseRules.MAX_NAME_LENGTH + "}");

  private UsageParams() {}

  static UsageQuery usage(Context ctx, Instant now) {
    String tenant = name(ctx, "tenant", true);
    String sku = name(ctx, "sku", false);
    String unit = name(ctx, "unit", false);
    Instant from = time(ctx, "from", now.minus(Duration.ofDays(1)));
    Instant to = time(ctx, "to", now);
    ordered(from, to);
    String window = ctx.queryParam("window");
    UsageReport.Granularity granularity;
    try {
      granularity = window == null || window.isBlank() ? UsageReport.Granularity.HOUR
          : UsageReport.Granularity.valueOf(window.strip().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException e) {
      throw ApiError.badRequest("window", "window must be HOUR or DAY");
    }
    return new UsageQuery(tenant, sku, unit, from, to, granularity);
  }

  static String name(Context ctx, String param, boolean required) {
    String value = ctx.queryParam(param);
    if (value == null || value.isEmpty()) {
      if (required) {
        throw ApiError.badRequest(param, param + " is required");
      }
      return null;
    }
    if (!NAME.matcher(value).matches()) {
      throw ApiError.badRequest(param, param + " must be 1.." + PulseRules.MAX_NAME_LENGTH
          + " letters, digits or . _ : -");
    }
    return value;
  }

  static Instant time(Context ctx, String param, Instant fallback) {
    String value = ctx.queryParam(param);
    if (value == null || value.isBlank()) {
      return fallback;
    }
    Instant time;
    try {
      time = OffsetDateTime.parse(value.strip()).toInstant();
    } catch (DateTimeParseException e) {
      throw ApiError.badRequest(param, param + " must be an ISO-8601 time with offset, such as 2026-03-01T10:00:00Z");
    }
    if (time.isBefore(EARLIEST) || time.isAfter(LATEST)) {
      throw ApiError.badRequest(param, param + " must be between " + EARLIEST + " and " + LATEST);
    }
    return time;
  }

  static void ordered(Instant from, Instant to) {
    if (!from.isBefore(to)) {
      throw ApiError.badRequest("to", "to must be after from");
    }
  }
}
