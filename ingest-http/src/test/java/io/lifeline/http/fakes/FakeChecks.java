package io.lifeline.http.fakes;

import io.lifeline.heartbeat.UniqueKey;
import io.lifeline.ports.CheckLookup;
import io.lifeline.ports.Commands;
import io.lifeline.ports.KafkaUnavailable;
import io.lifeline.schemas.CheckDefinition;
import io.lifeline.schemas.Ping;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;

/** The check replica and the heartbeat log in memory: what is saved is looked up at once. */
public final class FakeChecks implements CheckLookup, Commands {

  private final Map<String, CheckDefinition> definitions = new LinkedHashMap<>();
  public final List<Ping> pings = new ArrayList<>();
  public final List<String> requestIds = new ArrayList<>();
  private volatile boolean kafkaDown;

  public FakeChecks with(CheckDefinition definition) {
    definitions.put(definition.getUuid(), definition);
    return this;
  }

  public void kafkaDown(boolean down) {
    kafkaDown = down;
  }

  public CheckDefinition get(String uuid) {
    return definitions.get(uuid);
  }

  public int size() {
    return definitions.size();
  }

  @Override
  public synchronized Optional<CheckDefinition> byUuid(String uuid) {
    return Optional.ofNullable(definitions.get(uuid));
  }

  @Override
  public synchronized List<String> bySlug(String pingKey, String slug) {
    return definitions.values().stream().filter(d -> d.getPingKey().equals(pingKey) && d.getSlug().equals(slug))
        .map(CheckDefinition::getUuid).toList();
  }

  @Override
  public synchronized Optional<String> byUniqueKey(String uniqueKey) {
    return definitions.keySet().stream().filter(uuid -> UniqueKey.of(uuid).equals(uniqueKey)).findFirst();
  }

  @Override
  public synchronized List<CheckDefinition> all() {
    return definitions.values().stream().sorted(Comparator.comparing(CheckDefinition::getCreatedAt)).toList();
  }

  @Override
  public synchronized CompletableFuture<CheckDefinition> save(CheckDefinition definition, String requestId) {
    if (kafkaDown) {
      return CompletableFuture.failedFuture(new KafkaUnavailable("broker down"));
    }
    definitions.put(definition.getUuid(), definition);
    requestIds.add(requestId);
    return CompletableFuture.completedFuture(definition);
  }

  @Override
  public synchronized CompletableFuture<Void> delete(String uuid, String requestId) {
    if (kafkaDown) {
      return CompletableFuture.failedFuture(new KafkaUnavailable("broker down"));
    }
    definitions.remove(uuid);
    return CompletableFuture.completedFuture(null);
  }

  @Override
  public synchronized CompletableFuture<Void> ping(Ping ping, String requestId) {
    if (kafkaDown) {
      return CompletableFuture.failedFuture(new KafkaUnavailable("broker down"));
    }
    pings.add(ping);
    requestIds.add(requestId);
    return CompletableFuture.completedFuture(null);
  }
}
