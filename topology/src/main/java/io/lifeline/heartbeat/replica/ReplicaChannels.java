package io.lifeline.heartbeat.replica;

import io.lifeline.ports.ChannelLookup;
import io.lifeline.ports.StoreUnavailable;
import io.lifeline.schemas.ChannelDefinition;
import io.lifeline.schemas.StoreNames;
import io.lifeline.streams.AppliedVersions;
import io.lifeline.streams.StreamsRunner;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/** {@link ChannelLookup} over the replica app of this instance; a 503 while the replica is still loading. */
public final class ReplicaChannels implements ChannelLookup {

  private final StreamsRunner runner;
  private final AppliedVersions applied;

  public ReplicaChannels(StreamsRunner runner, AppliedVersions applied) {
    this.runner = runner;
    this.applied = applied;
  }

  @Override
  public Optional<ChannelDefinition> byId(String id) {
    try {
      return Optional.ofNullable(store().get(id)).map(ChannelIndexer.SERDE::decode);
    } catch (InvalidStateStoreException e) {
      throw new StoreUnavailable("the channel replica is still loading; retry shortly");
    }
  }

  @Override
  public List<ChannelDefinition> all() {
    List<ChannelDefinition> all = new ArrayList<>();
    try (KeyValueIterator<String, byte[]> it = store().all()) {
      it.forEachRemaining(kv -> all.add(ChannelIndexer.SERDE.decode(kv.value)));
    } catch (InvalidStateStoreException e) {
      throw new StoreUnavailable("the channel replica is still loading; retry shortly");
    }
    all.sort(Comparator.comparing(ChannelDefinition::getCreatedAt).thenComparing(ChannelDefinition::getId));
    return all;
  }

  /** Completes once this replica holds {@code version} of the channel ({@link AppliedVersions#DELETED}: no longer holds it). */
  public CompletableFuture<Boolean> awaitApplied(String id, long version, Duration bound) {
    return applied.await(id, version, () -> byId(id)
        .map(c -> c.getUpdatedAt().toEpochMilli()).orElse(AppliedVersions.DELETED), bound);
  }

  private ReadOnlyKeyValueStore<String, byte[]> store() {
    return runner.streams().store(
        StoreQueryParameters.fromNameAndType(StoreNames.CHANNEL_REPLICA, QueryableStoreTypes.keyValueStore()));
  }
}
