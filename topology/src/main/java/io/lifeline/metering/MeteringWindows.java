package io.lifeline.metering;

import java.time.Duration;

/**
 * Window arithmetic: tumbling windows aligned to the epoch, final at end plus grace, forgotten after
 * retention. Pulses received after a window closed are billed in correction buckets: grace-long
 * spans of receive time from the close on, each closing (and billed) at its own end.
 */
public record MeteringWindows(Duration size, Duration grace, Duration retention) {

  public long startOf(long epochMillis) {
    long size = size().toMillis();
    return Math.floorDiv(epochMillis, size) * size;
  }

  public long endOf(long windowStart) {
    return windowStart + size.toMillis();
  }

  /** The window's close: a pulse received before it is on time, in the FINAL batch; after it, late. */
  public long finalAt(long windowStart) {
    return endOf(windowStart) + grace.toMillis();
  }

  /** When a final window may be forgotten: a pulse for it would be older than DEDUP_RETENTION and rejected at the edge. */
  public long forgetAt(long windowStart) {
    return finalAt(windowStart) + retention.toMillis();
  }

  /** The start of the correction bucket of a pulse for this window received at {@code receivedAt}. */
  public long correctionStart(long windowStart, long receivedAt) {
    long close = finalAt(windowStart);
    long length = grace.toMillis();
    return close + Math.floorDiv(Math.max(0, receivedAt - close), length) * length;
  }

  /** When a correction bucket closes: every late pulse received before this is in its CORRECTION batch. */
  public long correctionDue(long bucketStart) {
    return bucketStart + grace.toMillis();
  }
}
