package io.lifeline.metering.meter;

import io.lifeline.metering.MeteringWindows;
import io.lifeline.schemas.DeliveryAttempt;
import io.lifeline.schemas.StoreNames;
import java.time.Instant;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Keeps each batch's latest attempt on {@code metering.deliveries} in {@link SinkDeliveries}, and forgets
 * it when the meter forgets the batch's window. The attempts' own time drives the forgetting, so a replay
 * of the topic forgets as the live run did.
 */
final class SinkDeliveryProcessor implements Processor<String, DeliveryAttempt, Void, Void> {

  private final MeteringWindows windows;
  private KeyValueStore<String, DeliveryAttempt> store;

  SinkDeliveryProcessor(MeteringWindows windows) {
    this.windows = windows;
  }

  @Override
  public void init(ProcessorContext<Void, Void> context) {
    store = context.getStateStore(StoreNames.METERING_SINK_DELIVERIES);
    context.schedule(windows.size(), PunctuationType.STREAM_TIME, now ->
        SinkDeliveries.forget(store, Instant.ofEpochMilli(now).minus(windows.size()).minus(windows.grace())
            .minus(windows.retention())));
  }

  @Override
  public void process(Record<String, DeliveryAttempt> record) {
    if (record.value() != null) {
      SinkDeliveries.record(store, record.value());
    }
  }
}
