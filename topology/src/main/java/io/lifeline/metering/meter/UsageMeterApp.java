package io.lifeline.metering.meter;

import io.lifeline.metering.MeteringWindows;
import io.lifeline.schemas.AvroSerde;
import io.lifeline.schemas.Pulse;
import io.lifeline.schemas.StoreNames;
import io.lifeline.schemas.Topic;
import io.lifeline.schemas.Topics;
import io.lifeline.schemas.internal.UsageWindow;
import io.lifeline.streams.CheckpointedWindowStore;
import io.lifeline.streams.StreamsApp;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.Map;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.state.Stores;

/**
 * Usage metering: pulses in, deduplicated exact window totals and billing batches out (DESIGN.md
 * section 6.2). Both sources share one sub-topology and its stores: {@code metering.pulses.late}
 * has the key and partition count of {@code metering.pulses}, so a late pulse meets its window.
 */
public final class UsageMeterApp implements StreamsApp {

  public static final String NAME = "metering";

  static final String LATE_SINK = "metering-late-sink";
  static final String BATCHES_SINK = "metering-batches-sink";
  static final String CORRECTIONS_SINK = "metering-corrections-sink";

  private static final String[] LEDGER_STORES =
      {StoreNames.METERING_WINDOWS, StoreNames.METERING_DEADLINES, StoreNames.METERING_BATCHES};

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
  public Topology buildTopology() {
    return buildTopology(settings, meters);
  }

  @Override
  public Map<String, Object> config() {
    return Map.of(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 100, StreamsConfig.NUM_STREAM_THREADS_CONFIG, 2);
  }

  public static Topology buildTopology(MeteringSettings settings, MeterRegistry meters) {
    StreamsBuilder builder = new StreamsBuilder();
    MeteringWindows windows = new MeteringWindows(settings.window(), settings.grace(), settings.dedupRetention());
    MeteringCounters counters = new MeteringCounters(meters);
    addStores(builder, settings.dedupRetention());

    KStream<String, SpecificRecord> aggregated = builder
        .stream(Topics.METERING_PULSES.name(), consumed(Topics.METERING_PULSES, "metering-pulses-source"))
        .process(() -> new PulseAggregator(windows, settings.closeCheckInterval(), counters),
            Named.as("metering-aggregate"), StoreNames.METERING_DEDUP, StoreNames.METERING_WINDOWS,
            StoreNames.METERING_DEADLINES, StoreNames.METERING_BATCHES);
    aggregated.to(Topics.METERING_PULSES_LATE.name(), produced(Topics.METERING_PULSES_LATE, LATE_SINK));
    aggregated.to(Topics.METERING_BATCHES.name(), produced(Topics.METERING_BATCHES, BATCHES_SINK));

    builder.stream(Topics.METERING_PULSES_LATE.name(), consumed(Topics.METERING_PULSES_LATE, "metering-late-source"))
        .process(() -> new LateCorrector(windows, counters), Named.as("metering-correct"), LEDGER_STORES)
        .to(Topics.METERING_BATCHES.name(), produced(Topics.METERING_BATCHES, CORRECTIONS_SINK));
    return builder.build();
  }

  private static void addStores(StreamsBuilder builder, Duration dedupRetention) {
    builder.addStateStore(Stores.windowStoreBuilder(
        CheckpointedWindowStore.persistent(StoreNames.METERING_DEDUP, dedupRetention, Duration.ofMillis(1)),
        Serdes.String(), Serdes.Long()));
    builder.addStateStore(Stores.keyValueStoreBuilder(
        Stores.persistentKeyValueStore(StoreNames.METERING_WINDOWS), Serdes.String(), new AvroSerde<>(UsageWindow.class))
        .withCachingEnabled());
    builder.addStateStore(Stores.keyValueStoreBuilder(
        Stores.persistentKeyValueStore(StoreNames.METERING_DEADLINES), Serdes.String(), Serdes.String())
        .withCachingEnabled());
    builder.addStateStore(Stores.keyValueStoreBuilder(
        Stores.persistentKeyValueStore(StoreNames.METERING_BATCHES), Serdes.String(),
        Topics.METERING_BATCHES.valueSerde()));
  }

  private static Consumed<String, Pulse> consumed(Topic<String, Pulse> topic, String name) {
    return Consumed.with(topic.keySerde(), topic.valueSerde()).withName(name);
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static <V extends SpecificRecord> Produced<String, SpecificRecord> produced(Topic<String, V> topic,
      String name) {
    Serde<SpecificRecord> values = (Serde) topic.valueSerde();
    return Produced.with(topic.keySerde(), values).withName(name);
  }
}
