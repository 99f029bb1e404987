package io.lifeline.metering.meter;

import io.lifeline.metering.MeteringKeys;
import io.lifeline.metering.MeteringWindows;
import io.lifeline.metering.meter.WindowDeadlines.Due;
import io.lifeline.schemas.Pulse;
import io.lifeline.schemas.StoreNames;
import io.lifeline.schemas.UsageBatch;
import io.lifeline.schemas.internal.UsageWindow;
import java.time.Duration;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * Deduplicates pulses by id within their series, adds each to its event-time window, sends pulses
 * for windows already final to {@code metering.pulses.late}, and closes windows by wall clock: a
 * punctuator scans the due prefix of the deadline index and emits one FINAL batch per window, even
 * when the partition receives nothing more.
 */
final class PulseAggregator implements Processor<String, Pulse, String, SpecificRecord> {

  /** Bounds one punctuation's transaction; the rest is picked up by the next one. */
  static final int MAX_DUE_PER_SCAN = 10_000;

  private final MeteringWindows windows;
  private final Duration scanInterval;
  private final MeteringCounters counters;
  private ProcessorContext<String, SpecificRecord> context;
  private WindowStore<String, Long> seen;
  private WindowLedger ledger;
  /** Latest record time (the edge's receive time) seen, and whether any record came since the last scan. */
  private long receivedUpTo = Long.MIN_VALUE;
  private boolean busySinceLastScan;

  PulseAggregator(MeteringWindows windows, Duration scanInterval, MeteringCounters counters) {
    this.counters = counters;
    this.windows = windows;
    this.scanInterval = scanInterval;
  }

  @Override
  public void init(ProcessorContext<String, SpecificRecord> context) {
    this.context = context;
    this.seen = context.getStateStore(StoreNames.METERING_DEDUP);
    this.ledger = new WindowLedger(context, windows);
    context.schedule(scanInterval, PunctuationType.WALL_CLOCK_TIME, this::closeDueWindows);
  }

  @Override
  public void process(Record<String, Pulse> record) {
    Pulse pulse = record.value();
    if (pulse == null) {
      return;
    }
    receivedUpTo = Math.max(receivedUpTo, record.timestamp());
    busySinceLastScan = true;
    String pulseKey = WindowLedger.series(pulse) + '|' + pulse.getId();
    if (alreadySeen(pulseKey)) {
      counters.duplicates.increment();
      return;
    }
    seen.put(pulseKey, pulse.getOccurredAt().toEpochMilli(), record.timestamp());

    String windowKey = ledger.windowKeyOf(pulse);
    UsageWindow window = ledger.get(windowKey);
    long start = windows.startOf(pulse.getOccurredAt().toEpochMilli());
    boolean forgotten = window == null && windows.forgetAt(start) <= context.currentSystemTimeMs();
    if ((window != null && window.getFinalAt() != null) || forgotten) {
      counters.late.increment();
      context.forward(record.withValue((SpecificRecord) pulse), UsageMeterApp.LATE_SINK);
      return;
    }
    ledger.addOnTime(windowKey, window, pulse);
  }

  private boolean alreadySeen(String pulseKey) {
    try (WindowStoreIterator<Long> it = seen.fetch(pulseKey, 0L, Long.MAX_VALUE)) {
      return it.hasNext();
    }
  }

  /**
   * An idle partition closes windows by wall clock alone. A partition with records flowing closes
   * them only as far as its records' receive times have passed the deadlines: after downtime, the
   * backlog received before a deadline still lands in its window instead of becoming corrections.
   */
  private void closeDueWindows(long now) {
    long upTo = busySinceLastScan ? Math.min(now, receivedUpTo) : now;
    busySinceLastScan = false;
    for (Due due : ledger.due(upTo, MAX_DUE_PER_SCAN)) {
      UsageBatch batch = ledger.complete(due, now);
      if (batch != null) {
        counters.finals.increment();
        context.forward(new Record<String, SpecificRecord>(
            MeteringKeys.batchKey(WindowLedger.series(batch), batch.getWindowStart().toEpochMilli()), batch, now),
            UsageMeterApp.BATCHES_SINK);
      }
    }
  }
}
