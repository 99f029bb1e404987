package io.lifeline.topology;

import java.time.Duration;

/** What the topology needs to know of the configuration (DESIGN.md section 2). */
public record TopologySettings(
    String publicBaseUrl,
    Duration deadlineCheckInterval,
    Duration meteringWindow,
    Duration meteringGrace,
    Duration dedupRetention) {

  public static TopologySettings defaults() {
    return new TopologySettings("http://localhost:8080", Duration.ofSeconds(1), Duration.ofHours(1),
        Duration.ofMinutes(5), Duration.ofDays(7));
  }
}
