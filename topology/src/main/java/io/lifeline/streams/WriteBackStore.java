package io.lifeline.streams;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.NoSuchElementException;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.query.Position;
import org.apache.kafka.streams.query.PositionBound;
import org.apache.kafka.streams.query.Query;
import org.apache.kafka.streams.query.QueryConfig;
import org.apache.kafka.streams.query.QueryResult;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.internals.CacheFlushListener;
import org.apache.kafka.streams.state.internals.CachedStateStore;
import org.apache.kafka.streams.state.internals.WrappedStateStore;

/**
 * A persistent, logged key-value store that keeps what changed since the last commit as objects and
 * writes it to RocksDB and the changelog only when Kafka Streams flushes its caches, which it does
 * before every commit: a value updated a thousand times between two commits is serialized once, and
 * nothing is decoded again while it stays hot. Kafka Streams' own record cache holds bytes, so it
 * encodes and decodes on every access; this is what a hot aggregate costs least with.
 *
 * <p>The hook is the caches' flush ({@code CachedStateStore}, in Kafka Streams' internals): it runs
 * in every commit before the producer is flushed and the transaction committed, so under
 * exactly-once what the commit covers is in the changelog. A value handed to {@link #put} must not be
 * changed afterwards: interactive queries read it from other threads.
 */
public final class WriteBackStore<V> implements KeyValueStore<String, V>, CachedStateStore<String, V> {

  /** Marks a key deleted since the last commit; the map holds no nulls. */
  private static final Object DELETED = new Object();

  private final KeyValueStore<String, V> logged;
  private final Map<String, Object> changed = new ConcurrentHashMap<>();

  private WriteBackStore(KeyValueStore<String, V> logged) {
    this.logged = logged;
  }

  /** A RocksDB store of String keys, logged to its changelog with {@code changelogConfig}. */
  public static <V> StoreBuilder<WriteBackStore<V>> builder(String name, Serde<V> values,
      Map<String, String> changelogConfig) {
    return new Builder<>(name, values, changelogConfig);
  }

  /**
   * The store as a processor's context holds it: Kafka Streams hands processors a decorator around
   * it, and only the store itself offers {@link #committed} and {@link #forget}.
   */
  @SuppressWarnings("unchecked")
  public static <V> WriteBackStore<V> of(ProcessorContext<?, ?> context, String name) {
    StateStore store = context.getStateStore(name);
    while (!(store instanceof WriteBackStore) && store instanceof WrappedStateStore<?, ?, ?> wrapper) {
      store = wrapper.wrapped();
    }
    if (!(store instanceof WriteBackStore<?> found)) {
      throw new IllegalStateException(name + " is not a write-back store");
    }
    return (WriteBackStore<V>) found;
  }

  /** What the last commit wrote, without what changed since: a scan that must not gather its answer whole. */
  public ReadOnlyKeyValueStore<String, V> committed() {
    return logged;
  }

  /** Deletes a key {@link #committed} holds, unless it changed since: a scan of the committed state cannot undo a newer write. */
  public void forget(String key) {
    changed.putIfAbsent(key, DELETED);
  }

  @Override
  @SuppressWarnings("unchecked")
  public V get(String key) {
    Object value = changed.get(key);
    if (value == null) {
      return logged.get(key);
    }
    return value == DELETED ? null : (V) value;
  }

  @Override
  public void put(String key, V value) {
    changed.put(key, value == null ? DELETED : value);
  }

  @Override
  public V putIfAbsent(String key, V value) {
    V previous = get(key);
    if (previous == null) {
      put(key, value);
    }
    return previous;
  }

  @Override
  public void putAll(List<KeyValue<String, V>> entries) {
    entries.forEach(e -> put(e.key, e.value));
  }

  @Override
  public V delete(String key) {
    V previous = get(key);
    changed.put(key, DELETED);
    return previous;
  }

  /** Called by Kafka Streams before each commit: what changed goes to RocksDB and the changelog. */
  @Override
  @SuppressWarnings("unchecked")
  public void flushCache() {
    if (changed.isEmpty()) {
      return;
    }
    List<KeyValue<String, V>> writes = new ArrayList<>(changed.size());
    for (Map.Entry<String, Object> e : changed.entrySet()) {
      writes.add(KeyValue.pair(e.getKey(), e.getValue() == DELETED ? null : (V) e.getValue()));
    }
    logged.putAll(writes);
    changed.clear();
  }

  /** Called when Kafka Streams restores past this store (a recycled task): what changed is void. */
  @Override
  public void clearCache() {
    changed.clear();
  }

  @Override
  public boolean setFlushListener(CacheFlushListener<String, V> listener, boolean sendOldValues) {
    return false;
  }

  @Override
  public KeyValueIterator<String, V> range(String from, String to) {
    return merged(logged.range(from, to), key -> (from == null || key.compareTo(from) >= 0)
        && (to == null || key.compareTo(to) <= 0), false);
  }

  @Override
  public KeyValueIterator<String, V> reverseRange(String from, String to) {
    return merged(logged.range(from, to), key -> (from == null || key.compareTo(from) >= 0)
        && (to == null || key.compareTo(to) <= 0), true);
  }

  @Override
  public KeyValueIterator<String, V> all() {
    return merged(logged.all(), key -> true, false);
  }

  @Override
  public KeyValueIterator<String, V> reverseAll() {
    return merged(logged.all(), key -> true, true);
  }

  @Override
  public <PS extends Serializer<P>, P> KeyValueIterator<String, V> prefixScan(P prefix, PS prefixKeySerializer) {
    if (!(prefixKeySerializer instanceof StringSerializer) || !(prefix instanceof String text)) {
      throw new UnsupportedOperationException("a write-back store scans String prefixes only");
    }
    return merged(logged.prefixScan(prefix, prefixKeySerializer), key -> key.startsWith(text), false);
  }

  /**
   * Interactive queries: what the last commit wrote with what changed since on top. Their scans are a
   * few windows of one tenant, so the answer is gathered whole rather than merged lazily.
   */
  @SuppressWarnings("unchecked")
  private KeyValueIterator<String, V> merged(KeyValueIterator<String, V> committed, Function<String, Boolean> inRange,
      boolean reverse) {
    TreeMap<String, V> view = new TreeMap<>();
    try (committed) {
      committed.forEachRemaining(kv -> view.put(kv.key, kv.value));
    }
    changed.forEach((key, value) -> {
      if (inRange.apply(key)) {
        if (value == DELETED) {
          view.remove(key);
        } else {
          view.put(key, (V) value);
        }
      }
    });
    NavigableMap<String, V> ordered = reverse ? view.descendingMap() : view;
    List<KeyValue<String, V>> entries = new ArrayList<>(ordered.size());
    ordered.forEach((key, value) -> entries.add(KeyValue.pair(key, value)));
    return new KeyValueIterator<>() {
      private int next;

      @Override
      public boolean hasNext() {
        return next < entries.size();
      }

      @Override
      public KeyValue<String, V> next() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        return entries.get(next++);
      }

      @Override
      public String peekNextKey() {
        if (!hasNext()) {
          throw new NoSuchElementException();
        }
        return entries.get(next).key;
      }

      @Override
      public void close() {}
    };
  }

  @Override
  public long approximateNumEntries() {
    return logged.approximateNumEntries();
  }

  @Override
  public String name() {
    return logged.name();
  }

  @Override
  public void init(StateStoreContext context, StateStore root) {
    changed.clear();
    logged.init(context, root);
  }

  /** A clean close follows a commit, which flushed; after an unclean one, what changed is not to be kept. */
  @Override
  public void close() {
    changed.clear();
    logged.close();
  }

  @Override
  public void commit(Map<TopicPartition, Long> changelogOffsets) {
    logged.commit(changelogOffsets);
  }

  @Override
  public boolean managesOffsets() {
    return logged.managesOffsets();
  }

  @Override
  public Long committedOffset(TopicPartition partition) {
    return logged.committedOffset(partition);
  }

  @Override
  public boolean persistent() {
    return logged.persistent();
  }

  @Override
  public boolean isOpen() {
    return logged.isOpen();
  }

  @Override
  public <R> QueryResult<R> query(Query<R> query, PositionBound positionBound, QueryConfig config) {
    return logged.query(query, positionBound, config);
  }

  @Override
  public Position getPosition() {
    return logged.getPosition();
  }

  private static final class Builder<V> implements StoreBuilder<WriteBackStore<V>> {

    private final String name;
    private final Serde<V> values;
    private Map<String, String> changelogConfig;
    private boolean logged = true;

    Builder(String name, Serde<V> values, Map<String, String> changelogConfig) {
      this.name = name;
      this.values = values;
      this.changelogConfig = Map.copyOf(changelogConfig);
    }

    @Override
    public StoreBuilder<WriteBackStore<V>> withCachingEnabled() {
      throw new UnsupportedOperationException("a write-back store is its own cache");
    }

    @Override
    public StoreBuilder<WriteBackStore<V>> withCachingDisabled() {
      return this;
    }

    @Override
    public StoreBuilder<WriteBackStore<V>> withLoggingEnabled(Map<String, String> config) {
      changelogConfig = Map.copyOf(config);
      logged = true;
      return this;
    }

    @Override
    public StoreBuilder<WriteBackStore<V>> withLoggingDisabled() {
      logged = false;
      return this;
    }

    @Override
    public WriteBackStore<V> build() {
      StoreBuilder<KeyValueStore<String, V>> rocks = Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name),
          Serdes.String(), values).withCachingDisabled();
      return new WriteBackStore<>((logged ? rocks.withLoggingEnabled(changelogConfig) : rocks.withLoggingDisabled())
          .build());
    }

    @Override
    public Map<String, String> logConfig() {
      return changelogConfig;
    }

    @Override
    public boolean loggingEnabled() {
      return logged;
    }

    @Override
    public String name() {
      return name;
    }
  }
}
