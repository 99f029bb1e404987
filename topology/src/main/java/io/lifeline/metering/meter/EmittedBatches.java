package io.lifeline.metering.meter;

import io.lifeline.schemas.UsageBatch;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Keys of the store of emitted batches ({@code metering-batches}): the window's key in
 * {@link UsageWindows}, then {@code |F} for its FINAL or {@code |C|<bucket start, 15-digit millis>}
 * for a CORRECTION. A window's batches are one prefix scan, so they are forgotten with it.
 */
public final class EmittedBatches {

  private EmittedBatches() {}

  static String finalKey(String windowKey) {
    return windowKey + "|F";
  }

  static String correctionKey(String windowKey, long bucketStart) {
    return windowKey + "|C|" + FixedWidth.millis(bucketStart);
  }

  static void forget(KeyValueStore<String, UsageBatch> store, String windowKey) {
    List<String> emitted = new ArrayList<>();
    try (KeyValueIterator<String, UsageBatch> it = store.prefixScan(windowKey + '|', new StringSerializer())) {
      it.forEachRemaining(kv -> emitted.add(kv.key));
    }
    emitted.forEach(store::delete);
  }

  /** The batches of a tenant's windows that start in {@code [from, to)}, from a store of this instance. */
  public static List<UsageBatch> read(ReadOnlyKeyValueStore<String, UsageBatch> store, String tenant, Instant from,
      Instant to) {
    List<UsageBatch> found = new ArrayList<>();
    try (KeyValueIterator<String, UsageBatch> it = store.prefixScan(tenant + '|', new StringSerializer())) {
      it.forEachRemaining(kv -> {
        Instant start = kv.value.getWindowStart();
        if (kv.value.getTenant().equals(tenant) && !start.isBefore(from) && start.isBefore(to)) {
          found.add(kv.value);
        }
      });
    }
    return found;
  }
}
