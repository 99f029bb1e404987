package io.lifeline.metering;

import java.time.Instant;

/**
 * Deterministic batch ids: the same window and kind always give the same id, so a downstream
 * billing system can use it as an idempotency key even if a batch is ever delivered twice. A
 * correction is named by its bucket, the span of receive time it bills, so a replay of the log
 * names it the same way: {@code tenant|sku|unit|<window start>|CORRECTION|<bucket start>}.
 */
public final class BatchIds {

  private static final String CORRECTION = "|CORRECTION|";

  private BatchIds() {}

  public static String finalBatch(String series, long windowStartMillis) {
    return series + '|' + Instant.ofEpochMilli(windowStartMillis) + "|FINAL";
  }

  public static String correction(String series, long windowStartMillis, long bucketStartMillis) {
    return series + '|' + Instant.ofEpochMilli(windowStartMillis) + CORRECTION
        + Instant.ofEpochMilli(bucketStartMillis);
  }

  /** The bucket start a correction's id names, or null when the id is not a correction's. */
  public static Instant correctionBucket(String batchId) {
    int at = batchId.lastIndexOf(CORRECTION);
    if (at < 0) {
      return null;
    }
    try {
      return Instant.parse(batchId.substring(at + CORRECTION.length()));
    } catch (java.time.format.DateTimeParseException e) {
      return null;
    }
  }
}
