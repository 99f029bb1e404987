package io.lifeline.heartbeat.monitor;

import io.lifeline.schemas.AlertStatus;
import io.lifeline.schemas.CheckStatus;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.EnumMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;

/**
 * Domain meters of the monitor. Checks by status are counted per task (a task's counts come and go
 * with its partition), so the gauge is the sum over the tasks this instance runs.
 */
final class MonitorMetrics {

  private final Map<String, long[]> countsByTask = new ConcurrentHashMap<>();
  private final Map<CheckStatus, Counter> flips = new EnumMap<>(CheckStatus.class);
  private final Map<AlertStatus, Counter> alerts = new EnumMap<>(AlertStatus.class);
  private final Timer punctuation;
  private final DistributionSummary due;

  MonitorMetrics(MeterRegistry registry) {
    for (CheckStatus status : CheckStatus.values()) {
      String tag = status.name().toLowerCase(Locale.ROOT);
      Gauge.builder("lifeline.checks", this, m -> m.total(status)).tag("status", tag)
          .description("checks by stored status on this instance").register(registry);
      flips.put(status, Counter.builder("lifeline.flips").tag("to", tag).register(registry));
    }
    for (AlertStatus status : AlertStatus.values()) {
      alerts.put(status, Counter.builder("lifeline.alerts").tag("status", status.name().toLowerCase(Locale.ROOT))
          .register(registry));
    }
    punctuation = Timer.builder("lifeline.deadline.scan").description("duration of one deadline scan")
        .publishPercentiles(0.5, 0.99).register(registry);
    due = DistributionSummary.builder("lifeline.deadline.due").description("deadlines handled per scan")
        .register(registry);
  }

  long[] task(String taskId) {
    return countsByTask.computeIfAbsent(taskId, t -> new long[CheckStatus.values().length]);
  }

  void forget(String taskId) {
    countsByTask.remove(taskId);
  }

  void flip(CheckStatus to) {
    flips.get(to).increment();
  }

  void alert(AlertStatus status) {
    alerts.get(status).increment();
  }

  void scanned(long nanos, int dueCount) {
    punctuation.record(nanos, TimeUnit.NANOSECONDS);
    due.record(dueCount);
  }

  private double total(CheckStatus status) {
    long sum = 0;
    for (long[] counts : countsByTask.values()) {
      sum += counts[status.ordinal()];
    }
    return sum;
  }
}
