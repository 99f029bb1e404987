package io.lifeline.http.heartbeat;

import io.lifeline.http.ApiError;
import io.lifeline.schemas.PingKind;
import java.util.regex.Pattern;

/**
 * A ping URL taken apart: {@code /ping/<uuid>[/<suffix>]} or {@code /ping/<ping_key>/<slug>[/<suffix>]},
 * where the suffix is {@code start}, {@code fail}, {@code log} or an exit status 0..255. What an exit
 * status means is {@link io.lifeline.heartbeat.CheckRules#kindOf}'s to say.
 */
record PingPath(String uuid, String pingKey, String slug, PingKind kind, Integer exitStatus) {

  static final Pattern UUID = Pattern.compile(
      "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");
  private static final Pattern NUMBER = Pattern.compile("-?[0-9]{1,12}");

  static PingPath parse(String first, String second, String third) {
    if (UUID.matcher(first).matches()) {
      if (third != null) {
        throw ApiError.notFound("not found");
      }
      Suffix suffix = suffix(second);
      return new PingPath(first.toLowerCase(), null, null, suffix.kind, suffix.exitStatus);
    }
    if (second == null) {
      throw ApiError.notFound("not found");
    }
    Suffix suffix = suffix(third);
    return new PingPath(null, first, second, suffix.kind, suffix.exitStatus);
  }

  boolean bySlug() {
    return uuid == null;
  }

  private record Suffix(PingKind kind, Integer exitStatus) {}

  private static Suffix suffix(String s) {
    if (s == null) {
      return new Suffix(PingKind.SUCCESS, null);
    }
    switch (s) {
      case "start":
        return new Suffix(PingKind.START, null);
      case "fail":
        return new Suffix(PingKind.FAIL, null);
      case "log":
        return new Suffix(PingKind.LOG, null);
      default:
        break;
    }
    if (!NUMBER.matcher(s).matches()) {
      throw ApiError.notFound("not found");
    }
    long status = Long.parseLong(s);
    if (status < 0 || status > 255) {
      throw ApiError.badRequest("exit_status", "the exit status must be 0..255");
    }
    return new Suffix(PingKind.SUCCESS, (int) status);
  }
}
