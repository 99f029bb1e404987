package io.lifeline.metering;

import io.lifeline.schemas.internal.UsageWindow;
import java.math.BigDecimal;
import java.time.Instant;

/** The usage of one series over one window (an hour as metered, or a day summed from its hours). */
public record UsageRow(String tenant, String sku, String unit, Instant windowStart, Instant windowEnd,
    BigDecimal total, long count, Instant firstPulseAt, Instant lastPulseAt, boolean isFinal) {

  public static UsageRow of(UsageWindow w) {
    return new UsageRow(w.getTenant(), w.getSku(), w.getUnit(), w.getWindowStart(), w.getWindowEnd(), w.getTotal(),
        w.getCount(), w.getFirstPulseAt(), w.getLastPulseAt(), w.getFinalAt() != null);
  }

  /** This row and a later window of the same series, as one row spanning {@code start..end}. */
  UsageRow plus(UsageRow other, Instant start, Instant end) {
    return new UsageRow(tenant, sku, unit, start, end, total.add(other.total), count + other.count,
        firstPulseAt.isBefore(other.firstPulseAt) ? firstPulseAt : other.firstPulseAt,
        lastPulseAt.isAfter(other.lastPulseAt) ? lastPulseAt : other.lastPulseAt,
        isFinal && other.isFinal);
  }

  String series() {
    return MeteringKeys.series(tenant, sku, unit);
  }
}
