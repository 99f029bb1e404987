package io.lifeline.metering;

import io.lifeline.topology.TopologySettings;
import org.apache.kafka.streams.StreamsBuilder;

/** Usage metering: pulses in, deduplicated hourly aggregates and billing batches out (DESIGN.md section 6). */
public final class MeteringTopology {

  private MeteringTopology() {}

  public static void addTo(StreamsBuilder builder, TopologySettings settings) {}
}
