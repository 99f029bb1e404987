package io.lifeline.metering;

import java.time.Duration;

/** Window arithmetic: tumbling windows aligned to the epoch, final at end plus grace, forgotten after retention. */
public record MeteringWindows(Duration size, Duration grace, Duration retention) {

  public long startOf(long epochMillis) {
    long size = size().toMillis();
    return Math.floorDiv(epochMillis, size) * size;
  }

  public long endOf(long windowStart) {
    return windowStart + size.toMillis();
  }

  /** When the wall clock passes this, the window's FINAL batch is due. */
  public long finalAt(long windowStart) {
    return endOf(windowStart) + grace.toMillis();
  }

  /** When a final window may be forgotten: a pulse for it would be older than DEDUP_RETENTION and rejected at the edge. */
  public long forgetAt(long windowStart) {
    return finalAt(windowStart) + retention.toMillis();
  }
}
