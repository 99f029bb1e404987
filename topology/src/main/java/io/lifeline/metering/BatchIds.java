package io.lifeline.metering;

import java.time.Instant;

/**
 * Deterministic batch ids: the same window and kind always give the same id, so a downstream
 * billing system can use it as an idempotency key even if a batch is ever delivered twice.
 */
public final class BatchIds {

  private BatchIds() {}

  public static String finalBatch(String series, long windowStartMillis) {
    return series + '|' + Instant.ofEpochMilli(windowStartMillis) + "|FINAL";
  }

  public static String correction(String series, long windowStartMillis, int sequence) {
    return series + '|' + Instant.ofEpochMilli(windowStartMillis) + "|CORRECTION|" + sequence;
  }
}
