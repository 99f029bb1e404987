package io.lifeline.metering.meter;

import io.lifeline.schemas.DeliveryAttempt;
import io.lifeline.schemas.StoreNames;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/** Keeps each batch's latest attempt on {@code metering.deliveries} in {@link SinkDeliveries}. */
final class SinkDeliveryProcessor implements Processor<String, DeliveryAttempt, Void, Void> {

  private KeyValueStore<String, DeliveryAttempt> store;

  @Override
  public void init(ProcessorContext<Void, Void> context) {
    store = context.getStateStore(StoreNames.METERING_SINK_DELIVERIES);
  }

  @Override
  public void process(Record<String, DeliveryAttempt> record) {
    if (record.value() != null) {
      SinkDeliveries.record(store, record.value());
    }
  }
}
