package io.lifeline.http.heartbeat;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/** Timestamps as healthchecks writes them: whole seconds with a {@code +00:00} offset. */
final class IsoTime {

  private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ssxxx")
      .withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter PRECISE = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSSxxx")
      .withZone(ZoneOffset.UTC);

  private IsoTime() {}

  static String of(Long millis) {
    return millis == null ? null : FORMAT.format(Instant.ofEpochMilli(millis).truncatedTo(ChronoUnit.SECONDS));
  }

  /** With the fraction of a second when there is one, as healthchecks writes a ping's date. */
  static String precise(Instant instant) {
    return instant.getNano() == 0 ? of(instant)
        : PRECISE.format(instant.truncatedTo(ChronoUnit.MICROS));
  }

  static String of(Instant instant) {
    return instant == null ? null : of(instant.toEpochMilli());
  }
}
