package io.lifeline.heartbeat;

import io.lifeline.schemas.StoreNames;
import io.lifeline.schemas.Topics;
import io.lifeline.topology.TopologySettings;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.state.KeyValueStore;

/** Heartbeat monitoring: check definitions and pings in, flips and alerts out (DESIGN.md section 5). */
public final class HeartbeatTopology {

  private HeartbeatTopology() {}

  public static void addTo(StreamsBuilder builder, TopologySettings settings) {
    builder.globalTable(Topics.HEARTBEAT_CHECKS.name(),
        Consumed.with(Topics.HEARTBEAT_CHECKS.keySerde(), Topics.HEARTBEAT_CHECKS.valueSerde())
            .withName("check-definitions-source"),
        Materialized.<String, io.lifeline.schemas.CheckDefinition, KeyValueStore<Bytes, byte[]>>as(
                StoreNames.CHECK_DEFINITIONS)
            .withKeySerde(Topics.HEARTBEAT_CHECKS.keySerde())
            .withValueSerde(Topics.HEARTBEAT_CHECKS.valueSerde()));
  }
}
