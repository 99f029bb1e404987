package io.lifeline.heartbeat.replica;

import io.lifeline.heartbeat.BadgeKeys;
import io.lifeline.heartbeat.UniqueKey;
import io.lifeline.schemas.CheckDefinition;
import io.lifeline.schemas.StoreNames;
import io.lifeline.streams.AppliedVersions;
import java.nio.charset.StandardCharsets;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the replica's definition rows and their slug, unique-key and badge-key lookups in step; on an update
 * the old slug entry is removed. It also runs on restore, so the lookups are rebuilt from the topic.
 */
final class ReplicaIndexer implements Processor<String, byte[], Void, Void> {

  private static final Logger log = LoggerFactory.getLogger(ReplicaIndexer.class);
  private static final byte[] EMPTY = new byte[0];

  private final AppliedVersions applied;
  private KeyValueStore<String, byte[]> store;

  ReplicaIndexer(AppliedVersions applied) {
    this.applied = applied;
  }

  @Override
  public void init(ProcessorContext<Void, Void> context) {
    store = context.getStateStore(StoreNames.CHECK_REPLICA);
  }

  @Override
  public void process(Record<String, byte[]> record) {
    String uuid = record.key();
    if (uuid == null) {
      return;
    }
    CheckDefinition next;
    try {
      next = CheckDirectory.decode(record.value());
    } catch (SerializationException e) {
      log.warn("check {}: undecodable definition skipped by the replica: {}", uuid, e.getMessage());
      return;
    }
    CheckDefinition previous = CheckDirectory.decode(store.get(CheckDirectory.uuidKey(uuid)));
    if (previous != null && (next == null || !sameSlug(previous, next))) {
      store.delete(CheckDirectory.slugKey(previous.getPingKey(), previous.getSlug(), uuid));
    }
    if (next == null) {
      store.delete(CheckDirectory.uuidKey(uuid));
      store.delete(CheckDirectory.uniqueKeyKey(UniqueKey.of(uuid)));
      store.delete(CheckDirectory.badgeKeyKey(BadgeKeys.of(uuid)));
      applied.applied(uuid, AppliedVersions.DELETED);
      return;
    }
    store.put(CheckDirectory.uuidKey(uuid), record.value());
    if (!next.getSlug().isEmpty()) {
      store.put(CheckDirectory.slugKey(next.getPingKey(), next.getSlug(), uuid), EMPTY);
    }
    store.put(CheckDirectory.uniqueKeyKey(UniqueKey.of(uuid)), uuid.getBytes(StandardCharsets.UTF_8));
    store.put(CheckDirectory.badgeKeyKey(BadgeKeys.of(uuid)), uuid.getBytes(StandardCharsets.UTF_8));
    applied.applied(uuid, next.getUpdatedAt().toEpochMilli());
  }

  private static boolean sameSlug(CheckDefinition a, CheckDefinition b) {
    return a.getSlug().equals(b.getSlug()) && a.getPingKey().equals(b.getPingKey());
  }
}
