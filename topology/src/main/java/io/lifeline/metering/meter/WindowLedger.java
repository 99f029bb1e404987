package io.lifeline.metering.meter;

import io.lifeline.metering.BatchIds;
import io.lifeline.metering.MeteringKeys;
import io.lifeline.metering.MeteringWindows;
import io.lifeline.metering.meter.WindowDeadlines.Action;
import io.lifeline.metering.meter.WindowDeadlines.Due;
import io.lifeline.schemas.BatchKind;
import io.lifeline.schemas.Pulse;
import io.lifeline.schemas.StoreNames;
import io.lifeline.schemas.UsageBatch;
import io.lifeline.schemas.internal.UsageWindow;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.List;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The windows of one task and the work that falls due on them: the running aggregate of each
 * window, an index of deadlines ordered by time (so a scan touches only what is due), and the
 * batches emitted. Both metering processors work through it, so the rules live in one place.
 */
final class WindowLedger {

  static final int SCALE = 9;

  private final MeteringWindows windows;
  private final KeyValueStore<String, UsageWindow> aggregates;
  private final WindowDeadlines deadlines;
  private final KeyValueStore<String, UsageBatch> batches;

  WindowLedger(ProcessorContext<?, ?> context, MeteringWindows windows) {
    this.windows = windows;
    this.aggregates = context.getStateStore(StoreNames.METERING_WINDOWS);
    this.deadlines = new WindowDeadlines(context.getStateStore(StoreNames.METERING_DEADLINES));
    this.batches = context.getStateStore(StoreNames.METERING_BATCHES);
  }

  static String series(Pulse pulse) {
    return MeteringKeys.series(pulse.getTenant(), pulse.getSku(), pulse.getUnit());
  }

  static String series(UsageBatch batch) {
    return MeteringKeys.series(batch.getTenant(), batch.getSku(), batch.getUnit());
  }

  String windowKeyOf(Pulse pulse) {
    return UsageWindows.key(series(pulse), windows.startOf(pulse.getOccurredAt().toEpochMilli()));
  }

  UsageWindow get(String windowKey) {
    return aggregates.get(windowKey);
  }

  /** Adds an on-time pulse to its open window, opening it (and scheduling its close) when it is the first. */
  void addOnTime(String windowKey, UsageWindow current, Pulse pulse) {
    if (current == null) {
      long start = windows.startOf(pulse.getOccurredAt().toEpochMilli());
      aggregates.put(windowKey, open(pulse, start));
      deadlines.schedule(windows.finalAt(start), Action.FINALIZE, windowKey);
    } else {
      aggregates.put(windowKey, plus(current, pulse));
    }
  }

  /**
   * Adds a late pulse to its final window and returns the CORRECTION batch for it. A window so old
   * that it was forgotten is taken as final: its pulses were billed, so this one can only correct.
   */
  UsageBatch correct(String windowKey, Pulse pulse, long now) {
    UsageWindow current = aggregates.get(windowKey);
    UsageWindow updated;
    if (current == null) {
      long start = windows.startOf(pulse.getOccurredAt().toEpochMilli());
      updated = open(pulse, start);
      updated.setFinalAt(Instant.ofEpochMilli(now));
      deadlines.schedule(Math.max(now, windows.forgetAt(start)), Action.FORGET, windowKey);
    } else {
      updated = plus(current, pulse);
    }
    int sequence = updated.getCorrections() + 1;
    updated.setCorrections(sequence);
    aggregates.put(windowKey, updated);
    long start = updated.getWindowStart().toEpochMilli();
    UsageBatch batch = UsageBatch.newBuilder()
        .setBatchId(BatchIds.correction(series(pulse), start, sequence))
        .setTenant(pulse.getTenant()).setSku(pulse.getSku()).setUnit(pulse.getUnit())
        .setWindowStart(updated.getWindowStart()).setWindowEnd(updated.getWindowEnd())
        .setTotal(scaled(pulse.getAmount())).setCount(1)
        .setFirstPulseAt(pulse.getOccurredAt()).setLastPulseAt(pulse.getOccurredAt())
        .setKind(BatchKind.CORRECTION).setEmittedAt(Instant.ofEpochMilli(now))
        .build();
    batches.put(EmittedBatches.key(windowKey, sequence), batch);
    return batch;
  }

  /** What falls due at or before {@code upTo}, earliest first, at most {@code limit} entries. */
  List<Due> due(long upTo, int limit) {
    return deadlines.due(upTo, limit);
  }

  /** Carries out one due deadline at {@code now}; returns the FINAL batch when it closed a window. */
  UsageBatch complete(Due due, long now) {
    deadlines.done(due);
    String windowKey = due.windowKey();
    if (due.action() == Action.FORGET) {
      aggregates.delete(windowKey);
      EmittedBatches.forget(batches, windowKey);
      return null;
    }
    UsageWindow window = aggregates.get(windowKey);
    if (window == null || window.getFinalAt() != null) {
      return null;
    }
    window.setFinalAt(Instant.ofEpochMilli(now));
    aggregates.put(windowKey, window);
    long start = window.getWindowStart().toEpochMilli();
    deadlines.schedule(windows.forgetAt(start), Action.FORGET, windowKey);
    UsageBatch batch = UsageBatch.newBuilder()
        .setBatchId(BatchIds.finalBatch(MeteringKeys.series(window.getTenant(), window.getSku(), window.getUnit()), start))
        .setTenant(window.getTenant()).setSku(window.getSku()).setUnit(window.getUnit())
        .setWindowStart(window.getWindowStart()).setWindowEnd(window.getWindowEnd())
        .setTotal(window.getTotal()).setCount(window.getCount())
        .setFirstPulseAt(window.getFirstPulseAt()).setLastPulseAt(window.getLastPulseAt())
        .setKind(BatchKind.FINAL).setEmittedAt(Instant.ofEpochMilli(now))
        .build();
    batches.put(EmittedBatches.key(windowKey, EmittedBatches.FINAL), batch);
    return batch;
  }

  private UsageWindow open(Pulse pulse, long start) {
    return UsageWindow.newBuilder()
        .setTenant(pulse.getTenant()).setSku(pulse.getSku()).setUnit(pulse.getUnit())
        .setWindowStart(Instant.ofEpochMilli(start)).setWindowEnd(Instant.ofEpochMilli(windows.endOf(start)))
        .setTotal(scaled(pulse.getAmount())).setCount(1)
        .setFirstPulseAt(pulse.getOccurredAt()).setLastPulseAt(pulse.getOccurredAt())
        .build();
  }

  private static UsageWindow plus(UsageWindow window, Pulse pulse) {
    Instant at = pulse.getOccurredAt();
    window.setTotal(window.getTotal().add(pulse.getAmount()));
    window.setCount(window.getCount() + 1);
    if (at.isBefore(window.getFirstPulseAt())) {
      window.setFirstPulseAt(at);
    }
    if (at.isAfter(window.getLastPulseAt())) {
      window.setLastPulseAt(at);
    }
    return window;
  }

  /** Every amount on the wire has scale 9 already; this only guards the Avro decimal's fixed scale. */
  private static BigDecimal scaled(BigDecimal amount) {
    return amount.setScale(SCALE, RoundingMode.UNNECESSARY);
  }
}
