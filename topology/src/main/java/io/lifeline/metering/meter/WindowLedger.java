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
 * window, the open correction buckets of late pulses, an index of deadlines ordered by time (so a
 * scan touches only what is due), and the batches emitted. Every rule about windows, their close
 * and their corrections lives here and in {@link MeteringWindows}.
 */
final class WindowLedger {

  static final int SCALE = 9;

  private final MeteringWindows windows;
  private final KeyValueStore<String, UsageWindow> aggregates;
  private final KeyValueStore<String, UsageWindow> corrections;
  private final WindowDeadlines deadlines;
  private final KeyValueStore<String, UsageBatch> batches;

  WindowLedger(ProcessorContext<?, ?> context, MeteringWindows windows) {
    this.windows = windows;
    this.aggregates = context.getStateStore(StoreNames.METERING_WINDOWS);
    this.corrections = context.getStateStore(StoreNames.METERING_CORRECTIONS);
    this.deadlines = new WindowDeadlines(context.getStateStore(StoreNames.METERING_DEADLINES));
    this.batches = context.getStateStore(StoreNames.METERING_BATCHES);
  }

  static String series(Pulse pulse) {
    return MeteringKeys.series(pulse.getTenant(), pulse.getSku(), pulse.getUnit());
  }

  static String series(UsageWindow window) {
    return MeteringKeys.series(window.getTenant(), window.getSku(), window.getUnit());
  }

  static String series(UsageBatch batch) {
    return MeteringKeys.series(batch.getTenant(), batch.getSku(), batch.getUnit());
  }

  private long startOf(Pulse pulse) {
    return windows.startOf(pulse.getOccurredAt().toEpochMilli());
  }

  String windowKeyOf(Pulse pulse) {
    return UsageWindows.key(series(pulse), startOf(pulse));
  }

  UsageWindow get(String windowKey) {
    return aggregates.get(windowKey);
  }

  /** On time: received before its window's close, and the window has not been billed (the log's clock never goes back). */
  boolean onTime(UsageWindow window, Pulse pulse, long receivedAt) {
    return receivedAt < windows.finalAt(startOf(pulse)) && (window == null || window.getFinalAt() == null);
  }

  /** Adds an on-time pulse to its open window, opening it (and scheduling its close) when it is the first. */
  void addOnTime(String windowKey, UsageWindow current, Pulse pulse) {
    if (current == null) {
      long start = startOf(pulse);
      aggregates.put(windowKey, open(pulse, start));
      deadlines.schedule(windows.finalAt(start), Action.FINALIZE, windowKey);
    } else {
      aggregates.put(windowKey, plus(current, pulse));
    }
  }

  /**
   * Adds a late pulse to its window's total and to the correction bucket of its receive time, which
   * is billed when the bucket closes. A window that had no on-time pulse (or was forgotten) is final
   * from the start: it is billed by corrections only.
   */
  void addLate(String windowKey, UsageWindow current, Pulse pulse, long receivedAt) {
    long start = startOf(pulse);
    if (current == null) {
      aggregates.put(windowKey, finalAt(open(pulse, start), Instant.ofEpochMilli(windows.finalAt(start))));
      deadlines.schedule(windows.forgetAt(start), Action.FORGET, windowKey);
    } else {
      aggregates.put(windowKey, plus(current, pulse));
    }
    long bucket = windows.correctionStart(start, receivedAt);
    String bucketKey = CorrectionBuckets.key(windowKey, bucket);
    UsageWindow open = corrections.get(bucketKey);
    if (open == null) {
      corrections.put(bucketKey, open(pulse, start));
      deadlines.schedule(windows.correctionDue(bucket), Action.CORRECT, bucketKey);
    } else {
      corrections.put(bucketKey, plus(open, pulse));
    }
  }

  /** What falls due at or before {@code upTo}, earliest first, at most {@code limit} entries. */
  List<Due> due(long upTo, int limit) {
    return deadlines.due(upTo, limit);
  }

  /** Carries out one due deadline at {@code now}; returns the FINAL or CORRECTION batch it emits, if any. */
  UsageBatch complete(Due due, long now) {
    deadlines.done(due);
    return switch (due.action()) {
      case FINALIZE -> close(due.target(), now);
      case CORRECT -> correct(due.target(), now);
      case FORGET -> {
        aggregates.delete(due.target());
        EmittedBatches.forget(batches, due.target());
        yield null;
      }
    };
  }

  /** Closes an open window ahead of the scan, because a record received after its close arrived first. */
  UsageBatch closeNow(String windowKey, UsageWindow window, long now) {
    deadlines.cancel(windows.finalAt(window.getWindowStart().toEpochMilli()), Action.FINALIZE, windowKey);
    return close(windowKey, now);
  }

  private UsageBatch close(String windowKey, long now) {
    UsageWindow window = aggregates.get(windowKey);
    if (window == null || window.getFinalAt() != null) {
      return null;
    }
    long start = window.getWindowStart().toEpochMilli();
    UsageWindow closed = finalAt(window, Instant.ofEpochMilli(windows.finalAt(start)));
    aggregates.put(windowKey, closed);
    deadlines.schedule(windows.forgetAt(start), Action.FORGET, windowKey);
    UsageBatch batch = batch(closed, BatchIds.finalBatch(series(closed), start), BatchKind.FINAL, now);
    batches.put(EmittedBatches.finalKey(windowKey), batch);
    return batch;
  }

  private UsageBatch correct(String bucketKey, long now) {
    UsageWindow bucket = corrections.get(bucketKey);
    if (bucket == null) {
      return null;
    }
    corrections.delete(bucketKey);
    String windowKey = CorrectionBuckets.windowKeyOf(bucketKey);
    long bucketStart = CorrectionBuckets.bucketStartOf(bucketKey);
    long start = bucket.getWindowStart().toEpochMilli();
    UsageBatch batch = batch(bucket, BatchIds.correction(series(bucket), start, bucketStart), BatchKind.CORRECTION, now);
    UsageWindow window = aggregates.get(windowKey);
    // A window forgotten meanwhile keeps no record of its batches; the correction is billed all the same.
    if (window != null) {
      aggregates.put(windowKey, oneMoreCorrection(window));
      batches.put(EmittedBatches.correctionKey(windowKey, bucketStart), batch);
    }
    return batch;
  }

  private static UsageBatch batch(UsageWindow sum, String id, BatchKind kind, long now) {
    return UsageBatch.newBuilder()
        .setBatchId(id)
        .setTenant(sum.getTenant()).setSku(sum.getSku()).setUnit(sum.getUnit())
        .setWindowStart(sum.getWindowStart()).setWindowEnd(sum.getWindowEnd())
        .setTotal(sum.getTotal()).setCount(sum.getCount())
        .setFirstPulseAt(sum.getFirstPulseAt()).setLastPulseAt(sum.getLastPulseAt())
        .setKind(kind).setEmittedAt(Instant.ofEpochMilli(now))
        .build();
  }

  private UsageWindow open(Pulse pulse, long start) {
    return UsageWindow.newBuilder()
        .setTenant(pulse.getTenant()).setSku(pulse.getSku()).setUnit(pulse.getUnit())
        .setWindowStart(Instant.ofEpochMilli(start)).setWindowEnd(Instant.ofEpochMilli(windows.endOf(start)))
        .setTotal(scaled(pulse.getAmount())).setCount(1)
        .setFirstPulseAt(pulse.getOccurredAt()).setLastPulseAt(pulse.getOccurredAt())
        .build();
  }

  /** A new value rather than the old one changed: the stores hand theirs to interactive queries on other threads. */
  private static UsageWindow plus(UsageWindow window, Pulse pulse) {
    Instant at = pulse.getOccurredAt();
    return new UsageWindow(window.getTenant(), window.getSku(), window.getUnit(), window.getWindowStart(),
        window.getWindowEnd(), window.getTotal().add(pulse.getAmount()), window.getCount() + 1,
        at.isBefore(window.getFirstPulseAt()) ? at : window.getFirstPulseAt(),
        at.isAfter(window.getLastPulseAt()) ? at : window.getLastPulseAt(), window.getFinalAt(),
        window.getCorrections());
  }

  private static UsageWindow finalAt(UsageWindow window, Instant at) {
    return new UsageWindow(window.getTenant(), window.getSku(), window.getUnit(), window.getWindowStart(),
        window.getWindowEnd(), window.getTotal(), window.getCount(), window.getFirstPulseAt(), window.getLastPulseAt(),
        at, window.getCorrections());
  }

  private static UsageWindow oneMoreCorrection(UsageWindow window) {
    return new UsageWindow(window.getTenant(), window.getSku(), window.getUnit(), window.getWindowStart(),
        window.getWindowEnd(), window.getTotal(), window.getCount(), window.getFirstPulseAt(), window.getLastPulseAt(),
        window.getFinalAt(), window.getCorrections() + 1);
  }

  /** Every amount on the wire has scale 9 already; this only guards the Avro decimal's fixed scale. */
  private static BigDecimal scaled(BigDecimal amount) {
    return amount.setScale(SCALE, RoundingMode.UNNECESSARY);
  }
}
