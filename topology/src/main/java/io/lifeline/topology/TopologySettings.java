package io.lifeline.topology;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;

/**
 * What the topology needs to know of the configuration (DESIGN.md section 2), and the registry its
 * domain meters (flips, alerts, checks by status, punctuation) are registered in.
 */
public record TopologySettings(
    String publicBaseUrl,
    Duration deadlineCheckInterval,
    Duration meteringWindow,
    Duration meteringGrace,
    Duration dedupRetention,
    MeterRegistry meters) {

  public static TopologySettings defaults() {
    return new TopologySettings("http://localhost:8080", Duration.ofSeconds(1), Duration.ofHours(1),
        Duration.ofMinutes(5), Duration.ofDays(7), new SimpleMeterRegistry());
  }
}
