package io.lifeline.metering.meter;

import io.lifeline.metering.MeteringKeys;
import io.lifeline.metering.MeteringWindows;
import io.lifeline.metering.meter.WindowDeadlines.Due;
import io.lifeline.schemas.BatchKind;
import io.lifeline.schemas.Pulse;
import io.lifeline.schemas.StoreNames;
import io.lifeline.schemas.UsageBatch;
import io.lifeline.schemas.internal.UsageWindow;
import io.lifeline.streams.LogProgress;
import io.lifeline.streams.Watermark;
import io.lifeline.streams.WriteBackStore;
import java.time.Duration;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Deduplicates pulses by id within their series and decides, by the record's timestamp (when Kafka
 * received it) against the window's close, whether a pulse is on time, into the window's FINAL, or
 * late: then it is logged on {@code metering.pulses.late} and billed in the CORRECTION of its bucket.
 * A punctuator closes due windows and buckets by wall clock, but only up to the task's
 * {@link Watermark}: after a restart, the backlog received before a close is read before the close,
 * so the outcome depends on the log alone, never on when the scan ran.
 */
final class PulseAggregator implements Processor<String, Pulse, String, SpecificRecord> {

  /** Bounds one punctuation's transaction; the rest is picked up by the next one. */
  static final int MAX_DUE_PER_SCAN = 10_000;

  private final MeteringWindows windows;
  private final Duration scanInterval;
  private final MeteringCounters counters;
  private final LogProgress progress;
  private ProcessorContext<String, SpecificRecord> context;
  private PulseIds ids;
  private WindowLedger ledger;
  private Watermark watermark;
  private long streamTime = Long.MIN_VALUE;

  PulseAggregator(MeteringWindows windows, Duration scanInterval, MeteringCounters counters, LogProgress progress) {
    this.counters = counters;
    this.windows = windows;
    this.scanInterval = scanInterval;
    this.progress = progress;
  }

  @Override
  public void init(ProcessorContext<String, SpecificRecord> context) {
    this.context = context;
    this.ids = new PulseIds(WriteBackStore.of(context, StoreNames.METERING_PULSE_IDS), windows.retention().toMillis());
    this.ledger = new WindowLedger(context, windows);
    this.watermark = new Watermark(progress, UsageMeterApp.INPUTS, context.taskId().partition());
    context.schedule(scanInterval, PunctuationType.WALL_CLOCK_TIME, this::closeDue);
  }

  @Override
  public void process(Record<String, Pulse> record) {
    watermark.advance(context.recordMetadata(), record.timestamp());
    streamTime = Math.max(streamTime, record.timestamp());
    Pulse pulse = record.value();
    if (pulse == null) {
      return;
    }
    String pulseKey = PulseIds.key(WindowLedger.series(pulse), pulse.getId());
    if (ids.seen(pulseKey, record.timestamp())) {
      counters.duplicates.increment();
      return;
    }
    ids.add(pulseKey, record.timestamp());

    String windowKey = ledger.windowKeyOf(pulse);
    UsageWindow window = ledger.get(windowKey);
    if (ledger.onTime(window, pulse, record.timestamp())) {
      ledger.addOnTime(windowKey, window, pulse);
      return;
    }
    counters.late.increment();
    if (window != null && window.getFinalAt() == null) {
      // Its close has passed by the log's clock though the scan has not run: the FINAL goes first.
      emit(ledger.closeNow(windowKey, window, context.currentSystemTimeMs()));
      window = ledger.get(windowKey);
    }
    ledger.addLate(windowKey, window, pulse, record.timestamp());
    context.forward(record.withValue((SpecificRecord) pulse), UsageMeterApp.LATE_SINK);
  }

  /** Windows and correction buckets whose close the watermark has passed, each billed once; dead ids swept out. */
  private void closeDue(long now) {
    if (streamTime != Long.MIN_VALUE) {
      ids.sweep(streamTime);
    }
    List<Due> due = ledger.due(now, MAX_DUE_PER_SCAN);
    long upTo = due.isEmpty() ? Long.MIN_VALUE : watermark.upTo(now, due.get(due.size() - 1).at());
    for (Due next : due) {
      if (next.at() > upTo) {
        return;
      }
      emit(ledger.complete(next, now));
    }
  }

  private void emit(UsageBatch batch) {
    if (batch == null) {
      return;
    }
    (batch.getKind() == BatchKind.FINAL ? counters.finals : counters.corrections).increment();
    context.forward(new Record<String, SpecificRecord>(
        MeteringKeys.batchKey(WindowLedger.series(batch), batch.getWindowStart().toEpochMilli()), batch,
        batch.getEmittedAt().toEpochMilli()), UsageMeterApp.BATCHES_SINK);
  }
}
