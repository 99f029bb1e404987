package io.lifeline.metering.meter;

import io.lifeline.metering.MeteringWindows;
import io.lifeline.schemas.AvroSerde;
import io.lifeline.schemas.StoreNames;
import io.lifeline.schemas.Topic;
import io.lifeline.schemas.Topics;
import io.lifeline.schemas.internal.UsageWindow;
import io.lifeline.streams.LogProgress;
import io.lifeline.streams.StreamsApp;
import io.lifeline.streams.WriteBackStore;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * Usage metering: pulses in, deduplicated exact window totals and billing batches out (DESIGN.md
 * section 6.2). One processor owns the stores of a partition: it bills on-time pulses in their
 * window's FINAL and late ones in grace-long CORRECTION buckets, and logs each late pulse on
 * {@code metering.pulses.late}, the audit record of what was billed late.
 */
public final class UsageMeterApp implements StreamsApp {

  public static final String NAME = "metering";

  /** The input of the windows and batches: a task reads one partition of it. */
  public static final List<String> INPUTS = List.of(Topics.METERING_PULSES.name());
  /** The input of the sink delivery status, a sub-topology of its own since it is keyed by batch. */
  public static final List<String> DELIVERY_INPUTS = List.of(Topics.METERING_DELIVERIES.name());

  static final String LATE_SINK = "metering-late-sink";
  static final String BATCHES_SINK = "metering-batches-sink";

  private final MeteringSettings settings;
  private final MeterRegistry meters;

  public UsageMeterApp(MeteringSettings settings, MeterRegistry meters) {
    this.settings = settings;
    this.meters = meters;
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Topology buildTopology(LogProgress progress) {
    return buildTopology(settings, meters, progress);
  }

  @Override
  public Map<String, Object> config() {
    return Map.of(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 1000, StreamsConfig.NUM_STREAM_THREADS_CONFIG, 2,
        StreamsConfig.ROCKSDB_CONFIG_SETTER_CLASS_CONFIG, PulseIdsRocksConfig.class,
        StreamsConfig.producerPrefix(ProducerConfig.BATCH_SIZE_CONFIG), 256 * 1024,
        StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), 20);
  }

  public static Topology buildTopology(MeteringSettings settings, MeterRegistry meters, LogProgress progress) {
    StreamsBuilder builder = new StreamsBuilder();
    MeteringWindows windows = new MeteringWindows(settings.window(), settings.grace(), settings.dedupRetention());
    MeteringCounters counters = new MeteringCounters(meters);
    addStores(builder);

    KStream<String, SpecificRecord> aggregated = builder
        .stream(Topics.METERING_PULSES.name(), consumed(Topics.METERING_PULSES, "metering-pulses-source"))
        .process(() -> new PulseAggregator(windows, settings.closeCheckInterval(), counters, progress),
            Named.as("metering-aggregate"), StoreNames.METERING_PULSE_IDS, StoreNames.METERING_WINDOWS,
            StoreNames.METERING_CORRECTIONS, StoreNames.METERING_DEADLINES, StoreNames.METERING_BATCHES);
    aggregated.to(Topics.METERING_PULSES_LATE.name(), produced(Topics.METERING_PULSES_LATE, LATE_SINK));
    aggregated.to(Topics.METERING_BATCHES.name(), produced(Topics.METERING_BATCHES, BATCHES_SINK));

    builder.stream(Topics.METERING_DELIVERIES.name(), consumed(Topics.METERING_DELIVERIES, "metering-deliveries-source"))
        .process(() -> new SinkDeliveryProcessor(windows), Named.as("metering-sink-deliveries"), StoreNames.METERING_SINK_DELIVERIES);
    return builder.build();
  }

  /** Whether work on windows (a close, a correction, forgetting) is due at or before {@code upTo} in a meter's deadline store. */
  public static boolean workDue(ReadOnlyKeyValueStore<String, String> deadlines, long upTo) {
    return WindowDeadlines.anyDue(deadlines, upTo);
  }

  private static void addStores(StreamsBuilder builder) {
    builder.addStateStore(WriteBackStore.builder(StoreNames.METERING_PULSE_IDS, Serdes.Long(), Map.of()));
    builder.addStateStore(WriteBackStore.builder(StoreNames.METERING_WINDOWS, new AvroSerde<>(UsageWindow.class),
        Map.of()));
    builder.addStateStore(Stores.keyValueStoreBuilder(
        Stores.persistentKeyValueStore(StoreNames.METERING_CORRECTIONS), Serdes.String(),
        new AvroSerde<>(UsageWindow.class)).withCachingEnabled());
    builder.addStateStore(Stores.keyValueStoreBuilder(
        Stores.persistentKeyValueStore(StoreNames.METERING_DEADLINES), Serdes.String(), Serdes.String())
        .withCachingEnabled());
    builder.addStateStore(Stores.keyValueStoreBuilder(
        Stores.persistentKeyValueStore(StoreNames.METERING_BATCHES), Serdes.String(),
        Topics.METERING_BATCHES.valueSerde()));
    builder.addStateStore(Stores.keyValueStoreBuilder(
        Stores.persistentKeyValueStore(StoreNames.METERING_SINK_DELIVERIES), Serdes.String(),
        Topics.METERING_DELIVERIES.valueSerde()));
  }

  private static <V> Consumed<String, V> consumed(Topic<String, V> topic, String name) {
    return Consumed.with(topic.keySerde(), topic.valueSerde()).withName(name);
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static <V extends SpecificRecord> Produced<String, SpecificRecord> produced(Topic<String, V> topic,
      String name) {
    Serde<SpecificRecord> values = (Serde) topic.valueSerde();
    return Produced.with(topic.keySerde(), values).withName(name);
  }
}
