package io.lifeline.http.heartbeat;

import io.lifeline.heartbeat.CheckHistory;
import io.lifeline.http.Edge;
import io.lifeline.http.query.LocalStores;
import io.lifeline.schemas.Flip;
import io.lifeline.schemas.Ping;
import io.lifeline.schemas.StoreNames;
import io.lifeline.schemas.internal.CheckState;
import io.lifeline.http.query.StoreUnavailable;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.HostInfo;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/** This instance's monitor stores: states, ping and flip histories of the partitions it owns. */
final class HeartbeatState {

  private final Edge edge;
  private final LocalStores stores;
  private final CheckHistory<Ping> pings = new CheckHistory<>(Ping.class);
  private final CheckHistory<Flip> flips = new CheckHistory<>(Flip.class);

  HeartbeatState(Edge edge) {
    this.edge = edge;
    this.stores = new LocalStores(edge);
  }

  Optional<CheckState> state(String uuid) {
    return retried(() -> Optional.ofNullable(states().get(uuid)));
  }

  List<CheckState> all() {
    return retried(() -> {
      List<CheckState> all = new ArrayList<>();
      try (KeyValueIterator<String, CheckState> it = states().all()) {
        it.forEachRemaining(kv -> all.add(kv.value));
      }
      return all;
    });
  }

  List<CheckHistory.Numbered<Ping>> pings(String uuid) {
    return retried(() -> pings.newestFirst(bytes(StoreNames.PING_HISTORY), uuid));
  }

  List<CheckHistory.Numbered<Flip>> flips(String uuid) {
    return retried(() -> flips.newestFirst(bytes(StoreNames.FLIP_HISTORY), uuid));
  }

  /** A store handed out before a rebalance fails on use, not on lookup: retry the read itself, bounded. */
  private static <T> T retried(Supplier<T> read) {
    long deadline = System.nanoTime() + Duration.ofSeconds(3).toNanos();
    while (true) {
      try {
        return read.get();
      } catch (InvalidStateStoreException e) {
        if (System.nanoTime() > deadline) {
          throw new StoreUnavailable();
        }
        try {
          Thread.sleep(50);
        } catch (InterruptedException ie) {
          Thread.currentThread().interrupt();
          throw new StoreUnavailable();
        }
      }
    }
  }

  /** True when this instance is the active owner of the check's partition. */
  boolean ownsLocally(String uuid) {
    if (edge.streams() == null) {
      return false;
    }
    KeyQueryMetadata metadata = edge.streams().streams()
        .queryMetadataForKey(StoreNames.CHECK_STATES, uuid, Serdes.String().serializer());
    return metadata != null && metadata != KeyQueryMetadata.NOT_AVAILABLE
        && new HostInfo(edge.config().advertisedHost(), edge.config().httpPort()).equals(metadata.activeHost());
  }

  private ReadOnlyKeyValueStore<String, CheckState> states() {
    return stores.store(StoreNames.CHECK_STATES, QueryableStoreTypes.keyValueStore());
  }

  private ReadOnlyKeyValueStore<Bytes, byte[]> bytes(String name) {
    return stores.store(name, QueryableStoreTypes.keyValueStore());
  }
}
