package io.lifeline.metering.meter;

import io.lifeline.streams.WriteBackStore;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;

/**
 * The pulse ids a task has seen ({@code metering-pulse-ids}): key {@code tenant|sku|unit|id}, value
 * when the first was received. A record repeats an id only if it was received within DEDUP_RETENTION
 * of that first one, so ids past that are dead whether or not they were swept out yet: when the
 * sweep runs changes no outcome, and a replay decides as the live run did.
 *
 * <p>A keyed store answers with one point lookup, which RocksDB's bloom filters make cheap for the
 * new ids that are nearly all of them; the window store this replaces opened an iterator on every
 * segment for each pulse. The price is the sweep: it visits as many ids as were added, and deletes
 * the dead ones (a changelog tombstone each).
 */
final class PulseIds {

  /** Each sweep visits at least this many ids, and as many as were added since the last one. */
  static final int MIN_SWEEP = 250;

  private final WriteBackStore<Long> store;
  private final long retention;
  private String cursor;
  private long addedSinceSweep;

  PulseIds(WriteBackStore<Long> store, long retentionMillis) {
    this.store = store;
    this.retention = retentionMillis;
  }

  static String key(String series, String id) {
    return series + '|' + id;
  }

  /** Whether a record received at {@code receivedAt} repeats an id seen within the retention before it. */
  boolean seen(String key, long receivedAt) {
    Long first = store.get(key);
    return first != null && first >= receivedAt - retention;
  }

  void add(String key, long receivedAt) {
    store.put(key, receivedAt);
    addedSinceSweep++;
  }

  /**
   * Deletes the ids no record received from {@code streamTime} on can repeat, visiting in key order
   * from where the last sweep stopped as many as were added since. At a steady rate a full pass then
   * takes about two retentions, and the store holds about twice the ids of one retention.
   */
  void sweep(long streamTime) {
    long budget = Math.max(MIN_SWEEP, addedSinceSweep);
    addedSinceSweep = 0;
    long deadBefore = streamTime - retention;
    try (KeyValueIterator<String, Long> it = store.committed().range(cursor, null)) {
      while (budget-- > 0 && it.hasNext()) {
        KeyValue<String, Long> next = it.next();
        if (next.value < deadBefore) {
          store.forget(next.key);
        }
        cursor = next.key + '\0';
      }
      if (!it.hasNext()) {
        cursor = null;
      }
    }
  }
}
