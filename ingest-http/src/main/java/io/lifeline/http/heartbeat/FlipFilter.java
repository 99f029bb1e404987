package io.lifeline.http.heartbeat;

import io.javalin.http.Context;
import io.lifeline.http.ApiError;

/** healthchecks' flip filters: {@code seconds} (the last N seconds), {@code start} and {@code end} (UNIX times). */
record FlipFilter(Long fromMillis, Long untilMillis) {

  static FlipFilter parse(Context ctx) {
    Long from = null;
    Long until = null;
    Long seconds = number(ctx, "seconds");
    if (seconds != null) {
      from = System.currentTimeMillis() - seconds * 1000;
    }
    Long start = number(ctx, "start");
    if (start != null) {
      from = from == null ? start * 1000 : Math.max(from, start * 1000);
    }
    Long end = number(ctx, "end");
    if (end != null) {
      until = end * 1000;
    }
    return new FlipFilter(from, until);
  }

  boolean accepts(long atMillis) {
    return (fromMillis == null || atMillis >= fromMillis) && (untilMillis == null || atMillis < untilMillis);
  }

  private static Long number(Context ctx, String name) {
    String value = ctx.queryParam(name);
    if (value == null) {
      return null;
    }
    try {
      long n = Long.parseLong(value);
      if (n < 0 || n > 100_000_000_000L) {
        throw ApiError.badRequest(name, name + " is out of range");
      }
      return n;
    } catch (NumberFormatException e) {
      throw ApiError.badRequest(name, name + " must be a whole number");
    }
  }
}
