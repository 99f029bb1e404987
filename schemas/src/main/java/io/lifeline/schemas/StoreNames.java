package io.lifeline.schemas;

/** State store names, shared by the topology that builds the stores and the queries that read them. */
public final class StoreNames {
  /** Global replica of check definitions on every instance: lets the edge answer 404 without a remote call. */
  public static final String CHECK_DEFINITIONS = "check-definitions";
  /** Slug lookup, {@code pingKey/slug -> uuid}, on every instance. */
  public static final String CHECK_SLUGS = "check-slugs";

  /** Pulse ids seen per {@code tenant|sku|unit}, a window store whose retention is DEDUP_RETENTION. */
  public static final String METERING_DEDUP = "metering-dedup";
  /** Every window's running aggregate, open and final: {@code tenant|sku|unit|<windowStart millis, 15 digits>}. */
  public static final String METERING_WINDOWS = "metering-windows";
  /** Work due by wall clock, ordered by time: {@code <due millis, 15 digits>|F or E|windowKey} (F: finalize, E: expire). */
  public static final String METERING_DEADLINES = "metering-deadlines";
  /** The batches this partition emitted: {@code windowKey|<sequence, 5 digits>}, FINAL is sequence 0. */
  public static final String METERING_BATCHES = "metering-batches";

  private StoreNames() {}
}
