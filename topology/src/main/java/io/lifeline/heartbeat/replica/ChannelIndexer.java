package io.lifeline.heartbeat.replica;

import io.lifeline.schemas.AvroSerde;
import io.lifeline.schemas.ChannelDefinition;
import io.lifeline.schemas.StoreNames;
import io.lifeline.streams.AppliedVersions;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Keeps the channel replica, {@code id -> ChannelDefinition} bytes, and tells writers which version it holds. */
final class ChannelIndexer implements Processor<String, byte[], Void, Void> {

  static final AvroSerde<ChannelDefinition> SERDE = new AvroSerde<>(ChannelDefinition.class);
  private static final Logger log = LoggerFactory.getLogger(ChannelIndexer.class);

  private final AppliedVersions applied;
  private KeyValueStore<String, byte[]> store;

  ChannelIndexer(AppliedVersions applied) {
    this.applied = applied;
  }

  @Override
  public void init(ProcessorContext<Void, Void> context) {
    store = context.getStateStore(StoreNames.CHANNEL_REPLICA);
  }

  @Override
  public void process(Record<String, byte[]> record) {
    String id = record.key();
    if (id == null) {
      return;
    }
    if (record.value() == null) {
      store.delete(id);
      applied.applied(id, AppliedVersions.DELETED);
      return;
    }
    try {
      ChannelDefinition channel = SERDE.decode(record.value());
      store.put(id, record.value());
      applied.applied(id, channel.getUpdatedAt().toEpochMilli());
    } catch (SerializationException e) {
      log.warn("channel {}: undecodable definition skipped by the replica: {}", id, e.getMessage());
    }
  }
}
