package io.lifeline.metering.meter;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Domain counters of the metering topology, in the registry the server exports. They count processing attempts: a task retried after a crash
 * may count a record twice, while the batches themselves stay exactly once.
 */
final class MeteringCounters {

  final Counter duplicates;
  final Counter late;
  final Counter finals;
  final Counter corrections;

  MeteringCounters(MeterRegistry registry) {
    duplicates = registry.counter("lifeline.pulses.duplicate");
    late = registry.counter("lifeline.pulses.late");
    finals = registry.counter("lifeline.batches.emitted", "kind", "FINAL");
    corrections = registry.counter("lifeline.batches.emitted", "kind", "CORRECTION");
  }
}
