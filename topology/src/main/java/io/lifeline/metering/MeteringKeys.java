package io.lifeline.metering;

import java.time.Instant;

/**
 * Record keys of the metering topics. Tenant, SKU and unit never contain {@code |} (the edge admits
 * only {@code [A-Za-z0-9._:-]}), so joining with it is unambiguous.
 */
public final class MeteringKeys {

  private MeteringKeys() {}

  /** The record key of {@code metering.pulses}: pulses of one series share a partition. */
  public static String series(String tenant, String sku, String unit) {
    return tenant + '|' + sku + '|' + unit;
  }

  /** Record key of {@code metering.batches}: the series and the window start in ISO-8601. */
  public static String batchKey(String series, long windowStartMillis) {
    return series + '|' + Instant.ofEpochMilli(windowStartMillis);
  }
}
