package io.lifeline.metering.meter;

import io.lifeline.metering.MeteringKeys;
import io.lifeline.metering.MeteringWindows;
import io.lifeline.schemas.Pulse;
import io.lifeline.schemas.UsageBatch;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Reads {@code metering.pulses.late} and turns each late pulse into a CORRECTION batch for its
 * final window. Pulses reach this topic only after deduplication, so each is billed once.
 */
final class LateCorrector implements Processor<String, Pulse, String, SpecificRecord> {

  private final MeteringWindows windows;
  private final MeteringCounters counters;
  private ProcessorContext<String, SpecificRecord> context;
  private WindowLedger ledger;

  LateCorrector(MeteringWindows windows, MeteringCounters counters) {
    this.counters = counters;
    this.windows = windows;
  }

  @Override
  public void init(ProcessorContext<String, SpecificRecord> context) {
    this.context = context;
    this.ledger = new WindowLedger(context, windows);
  }

  @Override
  public void process(Record<String, Pulse> record) {
    Pulse pulse = record.value();
    if (pulse == null) {
      return;
    }
    long now = context.currentSystemTimeMs();
    UsageBatch batch = ledger.correct(ledger.windowKeyOf(pulse), pulse, now);
    counters.corrections.increment();
    context.forward(new Record<String, SpecificRecord>(
        MeteringKeys.batchKey(WindowLedger.series(pulse), batch.getWindowStart().toEpochMilli()), batch, now,
        record.headers()));
  }
}
