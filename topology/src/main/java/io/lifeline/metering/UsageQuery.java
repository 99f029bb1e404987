package io.lifeline.metering;

import io.lifeline.schemas.internal.UsageWindow;
import java.time.Instant;

/** A usage question: one tenant, optionally one SKU and unit, windows starting in {@code [from, to)}. */
public record UsageQuery(String tenant, String sku, String unit, Instant from, Instant to,
    UsageReport.Granularity granularity) {

  public boolean singleSeries() {
    return sku != null && unit != null;
  }

  /** The one series asked for; only when {@link #singleSeries()}. */
  public String series() {
    return MeteringKeys.series(tenant, sku, unit);
  }

  public boolean matches(UsageWindow w) {
    long start = w.getWindowStart().toEpochMilli();
    return w.getTenant().equals(tenant)
        && (sku == null || w.getSku().equals(sku))
        && (unit == null || w.getUnit().equals(unit))
        && start >= from.toEpochMilli() && start < to.toEpochMilli();
  }
}
