package io.lifeline.heartbeat.replica;

import io.lifeline.schemas.StoreNames;
import io.lifeline.schemas.Topics;
import io.lifeline.streams.AppliedVersions;
import io.lifeline.streams.LogProgress;
import io.lifeline.streams.StreamsApp;
import java.util.Map;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

/**
 * The edge's replica of every check definition and every alert channel: an app whose topology is a
 * global store on {@code heartbeat.checks} and one on {@code delivery.channels}. It is separate from the monitor because a topic cannot be both a
 * global-store source and a stream source of one topology, and the monitor consumes the checks as a
 * stream. Every edge instance holds the whole replica, so a ping is answered without asking another
 * instance.
 */
public final class CheckReplicaApp implements StreamsApp {

  public static final String NAME = "replica";

  private final AppliedVersions applied;
  private final AppliedVersions channelsApplied;

  public CheckReplicaApp(AppliedVersions applied, AppliedVersions channelsApplied) {
    this.applied = applied;
    this.channelsApplied = channelsApplied;
  }

  @Override
  public String name() {
    return NAME;
  }

  /** A global store follows its topic to the end and has no scans, so the read progress is of no use here. */
  @Override
  public Topology buildTopology(LogProgress progress) {
    return buildTopology(applied, channelsApplied);
  }

  /** Only committed definitions: an aborted write must not make a check appear at the edge. */
  @Override
  public Map<String, Object> config() {
    return Map.of(
        StreamsConfig.globalConsumerPrefix("isolation.level"), "read_committed",
        StreamsConfig.globalConsumerPrefix("fetch.max.wait.ms"), 50);
  }

  public AppliedVersions applied() {
    return applied;
  }

  public static Topology buildTopology(AppliedVersions applied, AppliedVersions channelsApplied) {
    Topology topology = new Topology();
    topology.addGlobalStore(
        Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(StoreNames.CHECK_REPLICA),
            Serdes.String(), Serdes.ByteArray()).withLoggingDisabled(),
        "heartbeat-check-replica-source",
        Serdes.String().deserializer(), Serdes.ByteArray().deserializer(),
        Topics.HEARTBEAT_CHECKS.name(),
        "heartbeat-check-replica-indexer",
        () -> new ReplicaIndexer(applied));
    topology.addGlobalStore(
        Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(StoreNames.CHANNEL_REPLICA),
            Serdes.String(), Serdes.ByteArray()).withLoggingDisabled(),
        "delivery-channel-replica-source",
        Serdes.String().deserializer(), Serdes.ByteArray().deserializer(),
        Topics.DELIVERY_CHANNELS.name(),
        "delivery-channel-replica-indexer",
        () -> new ChannelIndexer(channelsApplied));
    return topology;
  }
}
