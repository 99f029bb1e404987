package io.lifeline.metering;

import java.time.Instant;

/**
 * Keys of the metering topics and stores. Tenant, SKU and unit never contain {@code |} (the edge
 * admits only {@code [A-Za-z0-9._:-]}), so joining with it is unambiguous. Times inside store keys
 * are zero-padded epoch milliseconds, so byte order is time order and ranges are time ranges.
 */
public final class MeteringKeys {

  public static final char SEPARATOR = '|';

  private MeteringKeys() {}

  /** The record key of {@code metering.pulses}: pulses of one series share a partition. */
  public static String series(String tenant, String sku, String unit) {
    return tenant + SEPARATOR + sku + SEPARATOR + unit;
  }

  /** Key of a window in the windows store. */
  public static String window(String series, long windowStartMillis) {
    return series + SEPARATOR + millis(windowStartMillis);
  }

  /** Record key of {@code metering.batches}: the series and the window start in ISO-8601. */
  public static String batchKey(String series, long windowStartMillis) {
    return series + SEPARATOR + Instant.ofEpochMilli(windowStartMillis);
  }

  /** Key of an emitted batch in the batches store; FINAL is sequence 0, corrections count up from 1. */
  public static String batch(String windowKey, int sequence) {
    return windowKey + SEPARATOR + String.format("%05d", sequence);
  }

  /** Fixed-width milliseconds, so that string order is time order. */
  public static String millis(long epochMillis) {
    return String.format("%015d", epochMillis);
  }

  /** The windows store key prefix of a tenant, or of a tenant and SKU. */
  public static String prefix(String... parts) {
    return String.join(String.valueOf(SEPARATOR), parts) + SEPARATOR;
  }
}
