package io.lifeline.heartbeat.monitor;

import io.lifeline.heartbeat.CheckRules;
import io.lifeline.schemas.Alert;
import io.lifeline.schemas.AvroSerde;
import io.lifeline.schemas.Flip;
import io.lifeline.schemas.StoreNames;
import io.lifeline.schemas.Topics;
import io.lifeline.schemas.internal.CheckState;
import io.lifeline.streams.AppliedVersions;
import io.lifeline.streams.LogProgress;
import io.lifeline.streams.StreamsApp;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Branched;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * Heartbeat monitoring (DESIGN.md section 5.2): {@code heartbeat.checks} and {@code heartbeat.pings},
 * co-partitioned by check uuid, feed one processor that owns the check states, the deadline index
 * and the histories, and writes {@code heartbeat.flips} and {@code heartbeat.alerts}. A second,
 * independent sub-topology keeps the delivery log of {@code heartbeat.deliveries} (also keyed by
 * check uuid), so a check's deliveries are read where its state is.
 */
public final class HeartbeatMonitorApp implements StreamsApp {

  public static final String NAME = "heartbeat";
  /** The co-partitioned inputs: a task reads the same partition of each. */
  public static final List<String> INPUTS = List.of(Topics.HEARTBEAT_CHECKS.name(), Topics.HEARTBEAT_PINGS.name());

  private final MonitorSettings settings;
  private final MeterRegistry meters;
  private final AppliedVersions applied;

  public HeartbeatMonitorApp(MonitorSettings settings, MeterRegistry meters, AppliedVersions applied) {
    this.settings = settings;
    this.meters = meters;
    this.applied = applied;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Topology buildTopology(LogProgress progress) {
    return buildTopology(settings, meters, applied, progress);
  }

  /** A DOWN alert is due within a second of its deadline, so results are committed often. */
  @Override
  public Map<String, Object> config() {
    return Map.of(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100, StreamsConfig.NUM_STREAM_THREADS_CONFIG, 1,
        StreamsConfig.producerPrefix(ProducerConfig.COMPRESSION_TYPE_CONFIG), "none");
  }

  /** The versions of the check definitions the monitor has applied, for read-your-writes. */
  public AppliedVersions applied() {
    return applied;
  }

  public static Topology buildTopology(MonitorSettings settings, MeterRegistry meters, AppliedVersions applied,
      LogProgress progress) {
    StreamsBuilder builder = new StreamsBuilder();
    builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(StoreNames.CHECK_STATES),
        Serdes.String(), new AvroSerde<>(CheckState.class)));
    builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(StoreNames.CHECK_DEADLINES),
        Serdes.Bytes(), Serdes.ByteArray()).withCachingDisabled());
    builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(StoreNames.PING_HISTORY),
        Serdes.Bytes(), Serdes.ByteArray()).withCachingDisabled());
    builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(StoreNames.FLIP_HISTORY),
        Serdes.Bytes(), Serdes.ByteArray()).withCachingDisabled());

    KStream<String, MonitorEvent> definitions = builder
        .stream(Topics.HEARTBEAT_CHECKS.name(), Consumed.with(Topics.HEARTBEAT_CHECKS.keySerde(),
            Topics.HEARTBEAT_CHECKS.valueSerde()).withName("heartbeat-checks-source"))
        .mapValues(MonitorEvent.DefinitionChanged::new, Named.as("heartbeat-definition-event"));
    KStream<String, MonitorEvent> pings = builder
        .stream(Topics.HEARTBEAT_PINGS.name(), Consumed.with(Topics.HEARTBEAT_PINGS.keySerde(),
            Topics.HEARTBEAT_PINGS.valueSerde()).withName("heartbeat-pings-source"))
        .mapValues(MonitorEvent.PingReceived::new, Named.as("heartbeat-ping-event"));

    CheckRules rules = new CheckRules(settings.publicBaseUrl());
    MonitorMetrics metrics = new MonitorMetrics(meters);
    KStream<String, SpecificRecord> out = definitions.merge(pings, Named.as("heartbeat-events"))
        .process(() -> new MonitorProcessor(rules, settings.deadlineCheckInterval(), metrics, applied, progress),
            Named.as("heartbeat-monitor"), StoreNames.CHECK_STATES, StoreNames.CHECK_DEADLINES,
            StoreNames.PING_HISTORY, StoreNames.FLIP_HISTORY);

    out.split(Named.as("heartbeat-output-"))
        .branch((uuid, value) -> value instanceof Flip, Branched.<String, SpecificRecord>withConsumer(flips -> flips
            .mapValues(value -> (Flip) value, Named.as("heartbeat-as-flip"))
            .to(Topics.HEARTBEAT_FLIPS.name(), Produced.with(Topics.HEARTBEAT_FLIPS.keySerde(),
                Topics.HEARTBEAT_FLIPS.valueSerde()).withName("heartbeat-flips-sink"))).withName("flips"))
        .branch((uuid, value) -> value instanceof Alert, Branched.<String, SpecificRecord>withConsumer(alerts -> alerts
            .mapValues(value -> (Alert) value, Named.as("heartbeat-as-alert"))
            .to(Topics.HEARTBEAT_ALERTS.name(), Produced.with(Topics.HEARTBEAT_ALERTS.keySerde(),
                Topics.HEARTBEAT_ALERTS.valueSerde()).withName("heartbeat-alerts-sink"))).withName("alerts"))
        .noDefaultBranch();

    builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(StoreNames.DELIVERY_LOG),
        Serdes.Bytes(), Serdes.ByteArray()).withCachingDisabled());
    builder.stream(Topics.HEARTBEAT_DELIVERIES.name(), Consumed.with(Topics.HEARTBEAT_DELIVERIES.keySerde(),
            Topics.HEARTBEAT_DELIVERIES.valueSerde()).withName("heartbeat-deliveries-source"))
        .process(DeliveryLogProcessor::new, Named.as("heartbeat-delivery-log"), StoreNames.DELIVERY_LOG);
    return builder.build();
  }

  /** Whether a deadline at or before {@code upTo} is in a monitor's deadline index. */
  public static boolean deadlineDue(ReadOnlyKeyValueStore<Bytes, byte[]> index, long upTo) {
    return DeadlineIndex.anyDue(index, upTo);
  }

  /** The version of a definition the monitor's state holds, in the terms of {@link AppliedVersions}. */
  public static long versionOf(CheckState state) {
    if (state == null) {
      return AppliedVersions.DELETED;
    }
    return state.getDefinition() == null ? AppliedVersions.NONE : state.getDefinition().getUpdatedAt().toEpochMilli();
  }
}
