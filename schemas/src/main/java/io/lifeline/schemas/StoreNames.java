package io.lifeline.schemas;

/** State store names, shared by the topology that builds the stores and the queries that read them. */
public final class StoreNames {
  /**
   * Edge replica of {@code heartbeat.checks} on every edge instance (a global store of its own
   * Streams app): {@code u/<uuid>} the definition, {@code s/<pingKey>/<slug>/<uuid>} and
   * {@code k/<unique_key>} lookups. Lets a ping be answered without a remote call.
   */
  public static final String CHECK_REPLICA = "heartbeat-check-replica";
  /** The monitor's state per check, {@code uuid -> CheckState}, partitioned like the topics. */
  public static final String CHECK_STATES = "heartbeat-check-states";
  /** Deadline index, {@code (8-byte big-endian millis, uuid) -> empty}; scanned by due prefix only. */
  public static final String CHECK_DEADLINES = "heartbeat-check-deadlines";
  /** Last pings per check, {@code (uuid, 0, n) -> Ping}. */
  public static final String PING_HISTORY = "heartbeat-ping-history";
  /** Last flips per check, {@code (uuid, 0, n) -> Flip}. */
  public static final String FLIP_HISTORY = "heartbeat-flip-history";

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
