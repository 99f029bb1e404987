package io.lifeline.query;

import io.lifeline.heartbeat.Numbered;
import io.lifeline.heartbeat.monitor.HeartbeatMonitorApp;
import io.lifeline.metering.UsageQuery;
import io.lifeline.metering.meter.UsageMeterApp;
import io.lifeline.ports.StateQueries;
import io.lifeline.ports.StoreUnavailable;
import io.lifeline.schemas.DeliveryAttempt;
import io.lifeline.schemas.Flip;
import io.lifeline.schemas.Ping;
import io.lifeline.schemas.StoreNames;
import io.lifeline.schemas.Topics;
import io.lifeline.schemas.UsageBatch;
import io.lifeline.schemas.internal.CheckState;
import io.lifeline.schemas.internal.UsageWindow;
import io.lifeline.streams.AppliedVersions;
import io.lifeline.streams.StreamsRunner;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.function.ToIntFunction;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.state.HostInfo;

/**
 * {@link StateQueries} over the Kafka Streams apps of a cluster of instances, in the spirit of the
 * Confluent examples' {@code MetadataService}: a key is read on the instance that actively owns its
 * partition (here, or forwarded over {@link StateWire}'s internal routes); a list is gathered from
 * every instance and answered only when every partition had an owner that answered. While state
 * moves, {@link Retry} repeats the whole attempt, owner lookup included.
 */
public final class KafkaStateQueries implements StateQueries, AutoCloseable {

  static final Duration RETRY_FOR = Duration.ofSeconds(3);
  private static final List<String> HEARTBEAT_INPUTS = HeartbeatMonitorApp.INPUTS;
  private static final List<String> DELIVERY_LOG_INPUTS = List.of(Topics.HEARTBEAT_DELIVERIES.name());
  private static final List<String> METERING_INPUTS = UsageMeterApp.INPUTS;
  private static final List<String> SINK_DELIVERY_INPUTS = UsageMeterApp.DELIVERY_INPUTS;

  private final HostInfo self;
  private final StreamsRunner monitor;
  private final StreamsRunner meter;
  private final ToIntFunction<String> partitionCount;
  private final LocalState local;
  private final PeerClient peers;
  private final ScheduledExecutorService timer;
  private final Retry retry;

  /**
   * @param apiKey the key peers accept on their internal routes
   * @param partitionCount how many partitions a topic has, to tell a complete gather from a partial one
   */
  public KafkaStateQueries(HostInfo self, String apiKey, StreamsRunner monitor, AppliedVersions monitorVersions,
      StreamsRunner meter, ToIntFunction<String> partitionCount) {
    this.self = self;
    this.monitor = monitor;
    this.meter = meter;
    this.partitionCount = partitionCount;
    this.local = new LocalState(self, monitor, monitorVersions, meter);
    this.peers = new PeerClient(apiKey);
    this.timer = Executors.newSingleThreadScheduledExecutor(r -> {
      Thread t = new Thread(r, "lifeline-query-retry");
      t.setDaemon(true);
      return t;
    });
    this.retry = new Retry(timer, RETRY_FOR);
  }

  @Override
  public CompletableFuture<Optional<CheckState>> checkState(String uuid) {
    return retry.run(() -> onCheckOwner(uuid, () -> local.checkState(uuid), host -> peers.checkState(host, uuid, null)));
  }

  @Override
  public CompletableFuture<Optional<CheckState>> checkStateAfter(String uuid, long version) {
    return retry.run(() -> onCheckOwner(uuid, () -> local.checkStateAfter(uuid, version),
        host -> peers.checkState(host, uuid, version)));
  }

  @Override
  public CompletableFuture<List<Numbered<Ping>>> pings(String uuid) {
    return retry.run(() -> onCheckOwner(uuid, () -> local.pings(uuid), host -> peers.pings(host, uuid)));
  }

  @Override
  public CompletableFuture<List<Numbered<Flip>>> flips(String uuid) {
    return retry.run(() -> onCheckOwner(uuid, () -> local.flips(uuid), host -> peers.flips(host, uuid)));
  }

  @Override
  public CompletableFuture<List<CheckState>> checkStates() {
    return retry.run(() -> everywhere(monitor, HEARTBEAT_INPUTS, local::checkStates, peers::checkStates));
  }

  @Override
  public CompletableFuture<List<DeliveryAttempt>> checkDeliveries(String uuid) {
    return retry.run(() -> onOwner(monitor, StoreNames.DELIVERY_LOG, uuid, () -> local.checkDeliveries(uuid),
        host -> peers.checkDeliveries(host, uuid)));
  }

  @Override
  public CompletableFuture<List<DeliveryAttempt>> channelDeliveries(String channelId) {
    return retry.run(() -> everywhere(monitor, DELIVERY_LOG_INPUTS, () -> local.channelDeliveries(channelId),
        host -> peers.channelDeliveries(host, channelId))).thenApply(LocalState::newestFirst);
  }

  @Override
  public CompletableFuture<List<UsageWindow>> usageWindows(UsageQuery query) {
    if (query.singleSeries()) {
      return retry.run(() -> onOwner(meter, StoreNames.METERING_WINDOWS, query.series(),
          () -> local.usageWindows(query), host -> peers.usageWindows(host, query)));
    }
    return retry.run(() -> everywhere(meter, METERING_INPUTS, () -> local.usageWindows(query),
        host -> peers.usageWindows(host, query)));
  }

  @Override
  public CompletableFuture<List<UsageWindow>> usageSeries() {
    return retry.run(() -> everywhere(meter, METERING_INPUTS, local::usageSeries, peers::usageSeries));
  }

  @Override
  public CompletableFuture<List<UsageBatch>> batches(String tenant, Instant from, Instant to) {
    return retry.run(() -> everywhere(meter, METERING_INPUTS, () -> local.batches(tenant, from, to),
        host -> peers.batches(host, tenant, from, to)));
  }

  @Override
  public CompletableFuture<List<DeliveryAttempt>> sinkDeliveries(String tenant, Instant from, Instant to) {
    return retry.run(() -> everywhere(meter, SINK_DELIVERY_INPUTS, () -> local.sinkDeliveries(tenant, from, to),
        host -> peers.sinkDeliveries(host, tenant, from, to)));
  }

  @Override
  public StateQueries local() {
    return local;
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }

  private <T> CompletableFuture<T> onCheckOwner(String uuid, Supplier<CompletableFuture<T>> here,
      Function<HostInfo, CompletableFuture<T>> there) {
    return onOwner(monitor, StoreNames.CHECK_STATES, uuid, here, there);
  }

  private <T> CompletableFuture<T> onOwner(StreamsRunner app, String store, String key,
      Supplier<CompletableFuture<T>> here, Function<HostInfo, CompletableFuture<T>> there) {
    KeyQueryMetadata metadata = app.streams().queryMetadataForKey(store, key, Serdes.String().serializer());
    if (metadata == null || metadata == KeyQueryMetadata.NOT_AVAILABLE) {
      return CompletableFuture.failedFuture(new StoreUnavailable());
    }
    return self.equals(metadata.activeHost()) ? here.get() : there.apply(metadata.activeHost());
  }

  private <T> CompletableFuture<List<T>> everywhere(StreamsRunner app, List<String> inputs,
      Supplier<CompletableFuture<List<T>>> here, Function<HostInfo, CompletableFuture<List<T>>> there) {
    var instances = app.streams().metadataForAllStreamsClients();
    Map<String, Set<Integer>> owned = new HashMap<>();
    for (StreamsMetadata instance : instances) {
      for (TopicPartition tp : instance.topicPartitions()) {
        owned.computeIfAbsent(tp.topic(), t -> new HashSet<>()).add(tp.partition());
      }
    }
    for (String topic : inputs) {
      if (owned.getOrDefault(topic, Set.of()).size() != partitionCount.applyAsInt(topic)) {
        return CompletableFuture.failedFuture(new StoreUnavailable());
      }
    }
    List<CompletableFuture<List<T>>> parts = new ArrayList<>();
    for (StreamsMetadata instance : instances) {
      parts.add(self.equals(instance.hostInfo()) ? here.get() : there.apply(instance.hostInfo()));
    }
    return CompletableFuture.allOf(parts.toArray(CompletableFuture[]::new)).thenApply(done -> {
      List<T> all = new ArrayList<>();
      parts.forEach(part -> all.addAll(part.join()));
      return all;
    });
  }
}
