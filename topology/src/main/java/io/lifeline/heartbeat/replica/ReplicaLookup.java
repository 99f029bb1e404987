package io.lifeline.heartbeat.replica;

import io.lifeline.ports.CheckLookup;
import io.lifeline.ports.StoreUnavailable;
import io.lifeline.schemas.CheckDefinition;
import io.lifeline.schemas.StoreNames;
import io.lifeline.streams.AppliedVersions;
import io.lifeline.streams.StreamsRunner;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.QueryableStoreTypes;

/** {@link CheckLookup} over the replica app of this instance; a 503 while the replica is still loading. */
public final class ReplicaLookup implements CheckLookup {

  private final StreamsRunner runner;
  private final AppliedVersions applied;
  private volatile CheckDirectory directory;

  public ReplicaLookup(StreamsRunner runner, AppliedVersions applied) {
    this.runner = runner;
    this.applied = applied;
  }

  @Override
  public Optional<CheckDefinition> byUuid(String uuid) {
    return read(d -> d.byUuid(uuid));
  }

  @Override
  public List<String> bySlug(String pingKey, String slug) {
    return read(d -> d.bySlug(pingKey, slug));
  }

  @Override
  public Optional<String> byUniqueKey(String uniqueKey) {
    return read(d -> d.byUniqueKey(uniqueKey));
  }

  @Override
  public Optional<String> byBadgeKey(String badgeKey) {
    return read(d -> d.byBadgeKey(badgeKey));
  }

  @Override
  public List<CheckDefinition> all() {
    List<CheckDefinition> all = read(d -> {
      List<CheckDefinition> list = new ArrayList<>();
      d.forEach(list::add);
      return list;
    });
    all.sort(Comparator.comparing(CheckDefinition::getCreatedAt).thenComparing(CheckDefinition::getUuid));
    return all;
  }

  /**
   * Completes once this replica holds {@code version} of the check ({@link AppliedVersions#DELETED}:
   * no longer holds it), or after {@code bound}; true when it got there.
   */
  public CompletableFuture<Boolean> awaitApplied(String uuid, long version, Duration bound) {
    return applied.await(uuid, version, () -> byUuid(uuid)
        .map(d -> d.getUpdatedAt().toEpochMilli()).orElse(AppliedVersions.DELETED), bound);
  }

  private <T> T read(Function<CheckDirectory, T> lookup) {
    try {
      return lookup.apply(directory());
    } catch (InvalidStateStoreException e) {
      throw new StoreUnavailable("the check replica is still loading; retry shortly");
    }
  }

  private CheckDirectory directory() {
    CheckDirectory d = directory;
    if (d == null) {
      d = new CheckDirectory(runner.streams().store(
          StoreQueryParameters.fromNameAndType(StoreNames.CHECK_REPLICA, QueryableStoreTypes.keyValueStore())));
      directory = d;
    }
    return d;
  }
}
