package io.lifeline.http.fakes;

import io.lifeline.heartbeat.Numbered;
import io.lifeline.metering.UsageQuery;
import io.lifeline.ports.StateQueries;
import io.lifeline.ports.StoreUnavailable;
import io.lifeline.schemas.DeliveryAttempt;
import io.lifeline.schemas.Flip;
import io.lifeline.schemas.Ping;
import io.lifeline.schemas.UsageBatch;
import io.lifeline.schemas.internal.CheckState;
import io.lifeline.schemas.internal.UsageWindow;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;

/** The topology's state in memory, with a switch that makes every read a rebalance (503). */
public final class FakeStates implements StateQueries {

  public final Map<String, CheckState> states = new HashMap<>();
  public final Map<String, List<Numbered<Ping>>> pings = new HashMap<>();
  public final Map<String, List<Numbered<Flip>>> flips = new HashMap<>();
  public final List<DeliveryAttempt> deliveries = new ArrayList<>();
  public final List<UsageWindow> windows = new ArrayList<>();
  public final List<UsageBatch> batches = new ArrayList<>();
  public final List<DeliveryAttempt> sinkDeliveries = new ArrayList<>();
  public final List<Long> versionsAwaited = new ArrayList<>();
  private volatile boolean moving;

  public void moving(boolean rebalancing) {
    moving = rebalancing;
  }

  private <T> CompletableFuture<T> answer(T value) {
    return moving ? CompletableFuture.failedFuture(new StoreUnavailable()) : CompletableFuture.completedFuture(value);
  }

  @Override
  public CompletableFuture<Optional<CheckState>> checkState(String uuid) {
    return answer(Optional.ofNullable(states.get(uuid)));
  }

  @Override
  public CompletableFuture<Optional<CheckState>> checkStateAfter(String uuid, long version) {
    versionsAwaited.add(version);
    return checkState(uuid);
  }

  @Override
  public CompletableFuture<List<Numbered<Ping>>> pings(String uuid) {
    return answer(pings.getOrDefault(uuid, List.of()));
  }

  @Override
  public CompletableFuture<List<Numbered<Flip>>> flips(String uuid) {
    return answer(flips.getOrDefault(uuid, List.of()));
  }

  @Override
  public CompletableFuture<List<CheckState>> checkStates() {
    return answer(List.copyOf(states.values()));
  }

  @Override
  public CompletableFuture<List<DeliveryAttempt>> checkDeliveries(String uuid) {
    return answer(deliveries.stream().filter(d -> uuid.equals(d.getCheckUuid())).toList());
  }

  @Override
  public CompletableFuture<List<DeliveryAttempt>> channelDeliveries(String channelId) {
    return answer(deliveries.stream().filter(d -> channelId.equals(d.getChannelId())).toList());
  }

  @Override
  public CompletableFuture<List<UsageWindow>> usageWindows(UsageQuery query) {
    return answer(windows.stream().filter(query::matches).toList());
  }

  @Override
  public CompletableFuture<List<UsageWindow>> usageSeries() {
    Map<String, UsageWindow> first = new TreeMap<>();
    windows.forEach(w -> first.merge(w.getTenant() + '|' + w.getSku() + '|' + w.getUnit(), w,
        (a, b) -> a.getWindowStart().isBefore(b.getWindowStart()) ? a : b));
    return answer(List.copyOf(first.values()));
  }

  @Override
  public CompletableFuture<List<UsageBatch>> batches(String tenant, Instant from, Instant to) {
    return answer(batches.stream().filter(b -> b.getTenant().equals(tenant)).toList());
  }

  @Override
  public CompletableFuture<List<DeliveryAttempt>> sinkDeliveries(String tenant, Instant from, Instant to) {
    return answer(sinkDeliveries.stream().filter(d -> d.getDeliveryId().startsWith(tenant + '|')).toList());
  }

  @Override
  public StateQueries local() {
    return this;
  }
}
