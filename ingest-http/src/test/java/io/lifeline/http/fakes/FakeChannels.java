package io.lifeline.http.fakes;

import io.lifeline.heartbeat.InvalidField;
import io.lifeline.ports.ChannelCommands;
import io.lifeline.ports.ChannelLookup;
import io.lifeline.ports.Deliveries;
import io.lifeline.ports.KafkaUnavailable;
import io.lifeline.schemas.ChannelDefinition;
import io.lifeline.schemas.DeliveryAttempt;
import io.lifeline.schemas.DeliveryOutcome;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/**
 * The channel replica, {@code delivery.channels} and the delivery side in memory. Targets whose URL
 * contains {@code 10.0.0.} are refused as the SSRF guard would; a test send answers {@link #testOutcome}.
 */
public final class FakeChannels implements ChannelLookup, ChannelCommands, Deliveries {

  private final Map<String, ChannelDefinition> channels = new LinkedHashMap<>();
  public final List<String> tested = new ArrayList<>();
  public volatile DeliveryOutcome testOutcome = DeliveryOutcome.DELIVERED;
  private volatile boolean kafkaDown;

  public FakeChannels with(ChannelDefinition channel) {
    channels.put(channel.getId(), channel);
    return this;
  }

  public void kafkaDown(boolean down) {
    kafkaDown = down;
  }

  public int size() {
    return channels.size();
  }

  @Override
  public synchronized Optional<ChannelDefinition> byId(String id) {
    return Optional.ofNullable(channels.get(id));
  }

  @Override
  public synchronized List<ChannelDefinition> all() {
    return channels.values().stream().sorted(Comparator.comparing(ChannelDefinition::getCreatedAt)).toList();
  }

  @Override
  public synchronized CompletableFuture<ChannelDefinition> save(ChannelDefinition channel, String requestId) {
    if (kafkaDown) {
      return CompletableFuture.failedFuture(new KafkaUnavailable("broker down"));
    }
    channels.put(channel.getId(), channel);
    return CompletableFuture.completedFuture(channel);
  }

  @Override
  public synchronized CompletableFuture<Void> delete(String id, String requestId) {
    channels.remove(id);
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public void checkTargets(ChannelDefinition channel) {
    String url = channel.getConfig().getOrDefault("url", "");
    if (url.contains("10.0.0.")) {
      throw new InvalidField("config.url", "this target is not allowed: a private address");
    }
  }

  @Override
  public CompletableFuture<DeliveryAttempt> test(ChannelDefinition channel) {
    tested.add(channel.getId());
    return CompletableFuture.completedFuture(DeliveryAttempt.newBuilder().setDeliveryId("test:" + channel.getId())
        .setEvent("TEST").setChannelId(channel.getId()).setChannelKind("webhook").setAttempt(1)
        .setOutcome(testOutcome).setHttpStatus(testOutcome == DeliveryOutcome.DELIVERED ? 200 : 404)
        .setLatencyMillis(3).setAt(Instant.EPOCH).build());
  }
}
