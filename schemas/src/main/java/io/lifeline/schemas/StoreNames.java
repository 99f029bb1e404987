package io.lifeline.schemas;

/** State store names, shared by the topology that builds the stores and the queries that read them. */
public final class StoreNames {
  /**
   * Edge replica of {@code heartbeat.checks} on every edge instance; keys in {@code CheckDirectory}.
   * Named anew (v2) when its lookups changed (healthchecks' unique key, badge keys), so that every
   * instance rebuilds them from the topic instead of resuming a store built the old way.
   */
  public static final String CHECK_REPLICA = "heartbeat-check-replica-v2";
  /** The monitor's state per check, {@code uuid -> CheckState}, partitioned like the topics. */
  public static final String CHECK_STATES = "heartbeat-check-states";
  /** The monitor's deadline index, scanned by due prefix only; keys in {@code DeadlineIndex}. */
  public static final String CHECK_DEADLINES = "heartbeat-check-deadlines";
  /** Last pings per check; keys in {@code CheckHistory}. */
  public static final String PING_HISTORY = "heartbeat-ping-history";
  /** Last flips per check; keys in {@code CheckHistory}. */
  public static final String FLIP_HISTORY = "heartbeat-flip-history";

  /** Edge replica of {@code delivery.channels}; keys in {@code ChannelDirectory}. */
  public static final String CHANNEL_REPLICA = "delivery-channel-replica";
  /** The last delivery attempts per check and per channel; keys in {@code DeliveryLog}. */
  public static final String DELIVERY_LOG = "heartbeat-delivery-log";

  /** Pulse ids seen per {@code tenant|sku|unit} and when, kept DEDUP_RETENTION; keys in {@code PulseIds}. */
  public static final String METERING_PULSE_IDS = "metering-pulse-ids";
  /** Every window's running aggregate, open and final; keys in {@code UsageWindows}. */
  public static final String METERING_WINDOWS = "metering-windows";
  /** Work due on windows, ordered by time; keys in {@code WindowDeadlines}. */
  public static final String METERING_DEADLINES = "metering-deadlines";
  /** Late pulses summed per window and grace-long bucket of receive time; keys in {@code CorrectionBuckets}. */
  public static final String METERING_CORRECTIONS = "metering-corrections";
  /** The batches this partition emitted; keys in {@code EmittedBatches}. */
  public static final String METERING_BATCHES = "metering-batches";
  /** The latest billing-sink attempt of each batch, from {@code metering.deliveries}; keys in {@code SinkDeliveries}. */
  public static final String METERING_SINK_DELIVERIES = "metering-sink-deliveries";

  private StoreNames() {}
}
