package io.lifeline.topology;

import io.lifeline.heartbeat.HeartbeatTopology;
import io.lifeline.metering.MeteringTopology;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;

/** The one topology of Lifeline: heartbeat monitoring and usage metering over the shared log. */
public final class LifelineTopology {

  private LifelineTopology() {}

  public static Topology buildTopology(TopologySettings settings) {
    StreamsBuilder builder = new StreamsBuilder();
    HeartbeatTopology.addTo(builder, settings);
    MeteringTopology.addTo(builder, settings);
    return builder.build();
  }
}
