package io.lifeline.metering;

import io.lifeline.schemas.BatchKind;
import io.lifeline.schemas.Pulse;
import io.lifeline.schemas.StoreNames;
import io.lifeline.schemas.UsageBatch;
import io.lifeline.schemas.internal.UsageWindow;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * The windows of one task and the work that falls due on them: the running aggregate of each
 * window, an index of deadlines ordered by time (so a scan touches only what is due), and the
 * batches emitted. Both metering processors work through it, so the rules live in one place.
 */
final class WindowLedger {

  static final String FINALIZE = "F";
  static final String FORGET = "E";
  static final int SCALE = 9;

  private final MeteringWindows windows;
  private final KeyValueStore<String, UsageWindow> aggregates;
  private final KeyValueStore<String, String> deadlines;
  private final KeyValueStore<String, UsageBatch> batches;

  WindowLedger(ProcessorContext<?, ?> context, MeteringWindows windows) {
    this.windows = windows;
    this.aggregates = context.getStateStore(StoreNames.METERING_WINDOWS);
    this.deadlines = context.getStateStore(StoreNames.METERING_DEADLINES);
    this.batches = context.getStateStore(StoreNames.METERING_BATCHES);
  }

  MeteringWindows windows() {
    return windows;
  }

  static String series(Pulse pulse) {
    return MeteringKeys.series(pulse.getTenant(), pulse.getSku(), pulse.getUnit());
  }

  static String series(UsageBatch batch) {
    return MeteringKeys.series(batch.getTenant(), batch.getSku(), batch.getUnit());
  }

  String windowKeyOf(Pulse pulse) {
    return MeteringKeys.window(series(pulse), windows.startOf(pulse.getOccurredAt().toEpochMilli()));
  }

  UsageWindow get(String windowKey) {
    return aggregates.get(windowKey);
  }

  /** Adds an on-time pulse to its open window, opening it (and scheduling its close) when it is the first. */
  void addOnTime(String windowKey, UsageWindow current, Pulse pulse) {
    if (current == null) {
      long start = windows.startOf(pulse.getOccurredAt().toEpochMilli());
      aggregates.put(windowKey, open(pulse, start));
      schedule(windows.finalAt(start), FINALIZE, windowKey);
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
      schedule(Math.max(now, windows.forgetAt(start)), FORGET, windowKey);
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
    batches.put(MeteringKeys.batch(windowKey, sequence), batch);
    return batch;
  }

  /** The deadlines due at {@code now}, oldest first, at most {@code limit} of them. */
  List<KeyValue<String, String>> due(long now, int limit) {
    List<KeyValue<String, String>> due = new ArrayList<>();
    try (KeyValueIterator<String, String> it = deadlines.range(null, MeteringKeys.millis(now) + "|~")) {
      while (it.hasNext() && due.size() < limit) {
        due.add(it.next());
      }
    }
    return due;
  }

  /** Carries out one due deadline; returns the FINAL batch when it closed a window. */
  UsageBatch complete(KeyValue<String, String> deadline, long now) {
    deadlines.delete(deadline.key);
    String windowKey = deadline.value;
    String action = deadline.key.substring(16, 17);
    if (FORGET.equals(action)) {
      forget(windowKey);
      return null;
    }
    UsageWindow window = aggregates.get(windowKey);
    if (window == null || window.getFinalAt() != null) {
      return null;
    }
    window.setFinalAt(Instant.ofEpochMilli(now));
    aggregates.put(windowKey, window);
    long start = window.getWindowStart().toEpochMilli();
    schedule(windows.forgetAt(start), FORGET, windowKey);
    UsageBatch batch = UsageBatch.newBuilder()
        .setBatchId(BatchIds.finalBatch(MeteringKeys.series(window.getTenant(), window.getSku(), window.getUnit()), start))
        .setTenant(window.getTenant()).setSku(window.getSku()).setUnit(window.getUnit())
        .setWindowStart(window.getWindowStart()).setWindowEnd(window.getWindowEnd())
        .setTotal(window.getTotal()).setCount(window.getCount())
        .setFirstPulseAt(window.getFirstPulseAt()).setLastPulseAt(window.getLastPulseAt())
        .setKind(BatchKind.FINAL).setEmittedAt(Instant.ofEpochMilli(now))
        .build();
    batches.put(MeteringKeys.batch(windowKey, 0), batch);
    return batch;
  }

  private void forget(String windowKey) {
    aggregates.delete(windowKey);
    List<String> emitted = new ArrayList<>();
    try (KeyValueIterator<String, UsageBatch> it = batches.prefixScan(windowKey + MeteringKeys.SEPARATOR,
        new org.apache.kafka.common.serialization.StringSerializer())) {
      it.forEachRemaining(kv -> emitted.add(kv.key));
    }
    emitted.forEach(batches::delete);
  }

  private void schedule(long at, String action, String windowKey) {
    deadlines.put(MeteringKeys.millis(at) + MeteringKeys.SEPARATOR + action + MeteringKeys.SEPARATOR + windowKey,
        windowKey);
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
