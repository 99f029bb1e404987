package io.lifeline.heartbeat.monitor;

import io.lifeline.schemas.DeliveryAttempt;
import io.lifeline.schemas.StoreNames;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/** Appends each attempt on {@code heartbeat.deliveries} to its check's and its channel's {@link DeliveryLog}. */
final class DeliveryLogProcessor implements Processor<String, DeliveryAttempt, Void, Void> {

  private KeyValueStore<Bytes, byte[]> store;

  @Override
  public void init(ProcessorContext<Void, Void> context) {
    store = context.getStateStore(StoreNames.DELIVERY_LOG);
  }

  @Override
  public void process(Record<String, DeliveryAttempt> record) {
    if (record.value() != null) {
      DeliveryLog.append(store, record.value());
    }
  }
}
