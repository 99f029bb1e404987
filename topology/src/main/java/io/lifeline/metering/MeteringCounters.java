package io.lifeline.metering;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Metrics;

/**
 * Domain counters of the metering topology, on Micrometer's global registry, which the server
 * joins to its Prometheus registry. They count processing attempts: a task retried after a crash
 * may count a record twice, while the batches themselves stay exactly once.
 */
final class MeteringCounters {

  final Counter duplicates = Metrics.counter("lifeline.pulses.duplicate");
  final Counter late = Metrics.counter("lifeline.pulses.late");
  final Counter finals = Metrics.counter("lifeline.batches.emitted", "kind", "FINAL");
  final Counter corrections = Metrics.counter("lifeline.batches.emitted", "kind", "CORRECTION");
}
