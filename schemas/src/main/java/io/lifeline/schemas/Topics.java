package io.lifeline.schemas;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/** The one registry of Lifeline's topics: names, serdes and creation config (DESIGN.md section 3). */
public final class Topics {

  /** The topics are the audit log from which every state is rebuilt, so nothing expires by age. */
  static final Map<String, String> AUDIT_LOG = Map.of("retention.ms", "-1", "cleanup.policy", "delete");
  static final Map<String, String> COMPACTED = Map.of("cleanup.policy", "compact");
  /**
   * The inputs the edge writes take the broker's append time as their timestamp: non-decreasing within
   * a partition and set when the record became durable, so "received before a deadline" is a fact of
   * the log that any replay reads the same way (DESIGN.md section 5.2, docs/audit.md).
   */
  public static final String TIMESTAMP_TYPE = "message.timestamp.type";
  static final String RECEIVE_TIME = "LogAppendTime";
  static final Map<String, String> DLQ_CONFIG = Map.of("retention.ms", String.valueOf(30L * 24 * 3600 * 1000));

  public static final Topic<String, CheckDefinition> HEARTBEAT_CHECKS =
      topic("heartbeat.checks", CheckDefinition.class, received(COMPACTED));
  public static final Topic<String, Ping> HEARTBEAT_PINGS =
      topic("heartbeat.pings", Ping.class, received(AUDIT_LOG));
  public static final Topic<String, Flip> HEARTBEAT_FLIPS = topic("heartbeat.flips", Flip.class, AUDIT_LOG);
  public static final Topic<String, Alert> HEARTBEAT_ALERTS = topic("heartbeat.alerts", Alert.class, AUDIT_LOG);
  public static final Topic<String, Pulse> METERING_PULSES = topic("metering.pulses", Pulse.class, received(AUDIT_LOG));
  public static final Topic<String, Pulse> METERING_PULSES_LATE =
      topic("metering.pulses.late", Pulse.class, AUDIT_LOG);
  public static final Topic<String, UsageBatch> METERING_BATCHES =
      topic("metering.batches", UsageBatch.class, AUDIT_LOG);
  /** The alert channels, keyed by channel id; compacted like the checks, a tombstone deletes one. */
  public static final Topic<String, ChannelDefinition> DELIVERY_CHANNELS =
      topic("delivery.channels", ChannelDefinition.class, COMPACTED);
  /** Every attempt to deliver an alert, keyed by check uuid (a test message: by channel id). */
  public static final Topic<String, DeliveryAttempt> HEARTBEAT_DELIVERIES =
      topic("heartbeat.deliveries", DeliveryAttempt.class, AUDIT_LOG);
  /** Every attempt to deliver a batch to the billing sink, keyed like the batch. */
  public static final Topic<String, DeliveryAttempt> METERING_DELIVERIES =
      topic("metering.deliveries", DeliveryAttempt.class, AUDIT_LOG);

  public static final List<Topic<String, ?>> ALL = List.of(
      HEARTBEAT_CHECKS, HEARTBEAT_PINGS, HEARTBEAT_FLIPS, HEARTBEAT_ALERTS,
      METERING_PULSES, METERING_PULSES_LATE, METERING_BATCHES,
      DELIVERY_CHANNELS, HEARTBEAT_DELIVERIES, METERING_DELIVERIES);

  private Topics() {}

  /** Every topic Lifeline creates at start-up: the domain topics and their dead-letter topics. */
  public static List<Topic<?, ?>> toCreate() {
    return ALL.stream().flatMap(t -> Stream.<Topic<?, ?>>of(t, t.dlq())).toList();
  }

  /** The registered topic of that name, or of the topic a {@code .dlq} name belongs to. */
  public static Optional<Topic<String, ?>> byName(String name) {
    String base = name.endsWith(Topic.DLQ_SUFFIX) ? name.substring(0, name.length() - Topic.DLQ_SUFFIX.length()) : name;
    return ALL.stream().filter(t -> t.name().equals(base)).findFirst();
  }

  private static Map<String, String> received(Map<String, String> config) {
    Map<String, String> withReceiveTime = new HashMap<>(config);
    withReceiveTime.put(TIMESTAMP_TYPE, RECEIVE_TIME);
    return Map.copyOf(withReceiveTime);
  }

  private static <V extends org.apache.avro.specific.SpecificRecord> Topic<String, V> topic(
      String name, Class<V> type, Map<String, String> config) {
    Serde<V> serde = new AvroSerde<>(type);
    return new Topic<>(name, Serdes.String(), serde, config);
  }
}
