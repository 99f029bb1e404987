package io.lifeline.query;

import io.lifeline.heartbeat.Numbered;
import io.lifeline.heartbeat.monitor.CheckHistory;
import io.lifeline.heartbeat.monitor.DeliveryLog;
import io.lifeline.heartbeat.monitor.HeartbeatMonitorApp;
import io.lifeline.metering.UsageQuery;
import io.lifeline.metering.meter.EmittedBatches;
import io.lifeline.metering.meter.SinkDeliveries;
import io.lifeline.metering.meter.UsageWindows;
import io.lifeline.ports.StateQueries;
import io.lifeline.ports.StoreUnavailable;
import io.lifeline.schemas.DeliveryAttempt;
import io.lifeline.schemas.Flip;
import io.lifeline.schemas.Ping;
import io.lifeline.schemas.StoreNames;
import io.lifeline.schemas.UsageBatch;
import io.lifeline.schemas.internal.CheckState;
import io.lifeline.schemas.internal.UsageWindow;
import io.lifeline.streams.AppliedVersions;
import io.lifeline.streams.StreamsRunner;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStorePartitionException;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * This instance's stores. A read of one key is answered only while this instance actively owns it,
 * so a peer that asked during a rebalance gets a 503 and asks again, never a wrongly empty answer.
 */
final class LocalState implements StateQueries {

  /** How long a read-your-writes answer waits for the monitor to apply the version written. */
  static final Duration READ_YOUR_WRITES = Duration.ofSeconds(2);

  private final HostInfo self;
  private final StreamsRunner monitor;
  private final AppliedVersions applied;
  private final StreamsRunner meter;
  private final CheckHistory<Ping> pingHistory = new CheckHistory<>(Ping.class);
  private final CheckHistory<Flip> flipHistory = new CheckHistory<>(Flip.class);

  LocalState(HostInfo self, StreamsRunner monitor, AppliedVersions applied, StreamsRunner meter) {
    this.self = self;
    this.monitor = monitor;
    this.applied = applied;
    this.meter = meter;
  }

  @Override
  public CompletableFuture<Optional<CheckState>> checkState(String uuid) {
    return read(() -> {
      requireOwner(uuid);
      return Optional.ofNullable(states().get(uuid));
    });
  }

  @Override
  public CompletableFuture<Optional<CheckState>> checkStateAfter(String uuid, long version) {
    return read(() -> {
      requireOwner(uuid);
      return uuid;
    }).thenCompose(owned -> applied.await(uuid, version,
            () -> HeartbeatMonitorApp.versionOf(states().get(uuid)), READ_YOUR_WRITES))
        .thenCompose(seen -> checkState(uuid));
  }

  @Override
  public CompletableFuture<List<Numbered<Ping>>> pings(String uuid) {
    return read(() -> {
      requireOwner(uuid);
      return pingHistory.newestFirst(bytes(StoreNames.PING_HISTORY), uuid);
    });
  }

  @Override
  public CompletableFuture<List<Numbered<Flip>>> flips(String uuid) {
    return read(() -> {
      requireOwner(uuid);
      return flipHistory.newestFirst(bytes(StoreNames.FLIP_HISTORY), uuid);
    });
  }

  @Override
  public CompletableFuture<List<CheckState>> checkStates() {
    return read(() -> {
      List<CheckState> all = new ArrayList<>();
      try (KeyValueIterator<String, CheckState> it = states().all()) {
        it.forEachRemaining(kv -> all.add(kv.value));
      }
      return all;
    });
  }

  @Override
  public CompletableFuture<List<DeliveryAttempt>> checkDeliveries(String uuid) {
    return read(() -> {
      if (!owns(StoreNames.DELIVERY_LOG, uuid)) {
        throw new StoreUnavailable("this instance does not own the delivery log of " + uuid + " right now");
      }
      return DeliveryLog.byCheck(bytes(StoreNames.DELIVERY_LOG), uuid);
    });
  }

  @Override
  public CompletableFuture<List<DeliveryAttempt>> channelDeliveries(String channelId) {
    return read(() -> newestFirst(DeliveryLog.byChannel(bytes(StoreNames.DELIVERY_LOG), channelId)));
  }

  /** A channel's attempts from several stores, newest first, as many as one store keeps. */
  static List<DeliveryAttempt> newestFirst(List<DeliveryAttempt> attempts) {
    return attempts.stream().sorted(Comparator.comparing(DeliveryAttempt::getAt).reversed()
        .thenComparing(DeliveryAttempt::getAttempt, Comparator.reverseOrder())).limit(DeliveryLog.KEEP).toList();
  }

  @Override
  public CompletableFuture<List<UsageWindow>> usageWindows(UsageQuery query) {
    return read(() -> UsageWindows.read(
        store(meter, StoreNames.METERING_WINDOWS, QueryableStoreTypes.<String, UsageWindow>keyValueStore()), query));
  }

  /**
   * Per partition: a store over several partitions concatenates their ranges instead of merging them,
   * which a scan that skips ahead by key would read wrongly.
   */
  @Override
  public CompletableFuture<List<UsageWindow>> usageSeries() {
    return read(() -> {
      List<UsageWindow> firsts = new ArrayList<>();
      for (int partition : activePartitions(meter)) {
        try {
          firsts.addAll(UsageWindows.firstOfEachSeries(meter.streams().store(StoreQueryParameters.fromNameAndType(
              StoreNames.METERING_WINDOWS, QueryableStoreTypes.<String, UsageWindow>keyValueStore())
              .withPartition(partition))));
        } catch (InvalidStateStorePartitionException e) {
          // That partition's active task here is of another sub-topology: the windows are elsewhere.
        }
      }
      return firsts;
    });
  }

  private static Set<Integer> activePartitions(StreamsRunner runner) {
    return runner.streams().metadataForLocalThreads().stream().flatMap(t -> t.activeTasks().stream())
        .map(task -> task.taskId().partition()).collect(Collectors.toCollection(TreeSet::new));
  }

  @Override
  public CompletableFuture<List<UsageBatch>> batches(String tenant, Instant from, Instant to) {
    return read(() -> EmittedBatches.read(
        store(meter, StoreNames.METERING_BATCHES, QueryableStoreTypes.<String, UsageBatch>keyValueStore()),
        tenant, from, to));
  }

  @Override
  public CompletableFuture<List<DeliveryAttempt>> sinkDeliveries(String tenant, Instant from, Instant to) {
    return read(() -> SinkDeliveries.read(store(meter, StoreNames.METERING_SINK_DELIVERIES,
        QueryableStoreTypes.<String, DeliveryAttempt>keyValueStore()), tenant, from, to));
  }

  @Override
  public StateQueries local() {
    return this;
  }

  /** Whether this instance is the active owner of the key's partition of that monitor store. */
  private boolean owns(String store, String key) {
    KeyQueryMetadata metadata = monitor.streams().queryMetadataForKey(store, key, Serdes.String().serializer());
    return metadata != null && metadata != KeyQueryMetadata.NOT_AVAILABLE && self.equals(metadata.activeHost());
  }

  private void requireOwner(String uuid) {
    if (!owns(StoreNames.CHECK_STATES, uuid)) {
      throw new StoreUnavailable("this instance does not own check " + uuid + " right now; retry shortly");
    }
  }

  private ReadOnlyKeyValueStore<String, CheckState> states() {
    return store(monitor, StoreNames.CHECK_STATES, QueryableStoreTypes.keyValueStore());
  }

  private ReadOnlyKeyValueStore<Bytes, byte[]> bytes(String name) {
    return store(monitor, name, QueryableStoreTypes.keyValueStore());
  }

  private static <K, V> ReadOnlyKeyValueStore<K, V> store(StreamsRunner runner, String name,
      org.apache.kafka.streams.state.QueryableStoreType<ReadOnlyKeyValueStore<K, V>> type) {
    return runner.streams().store(StoreQueryParameters.fromNameAndType(name, type));
  }

  /** A store handed out before a rebalance fails on use, not on lookup; either way the read is retried. */
  private static <T> CompletableFuture<T> read(Supplier<T> read) {
    try {
      return CompletableFuture.completedFuture(read.get());
    } catch (InvalidStateStoreException e) {
      return CompletableFuture.failedFuture(new StoreUnavailable());
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
  }
}
