package io.lifeline.streams;

import java.time.Duration;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.processor.StateStore;
import org.apache.kafka.streams.processor.StateStoreContext;
import org.apache.kafka.streams.query.Position;
import org.apache.kafka.streams.query.PositionBound;
import org.apache.kafka.streams.query.Query;
import org.apache.kafka.streams.query.QueryConfig;
import org.apache.kafka.streams.query.QueryResult;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowBytesStoreSupplier;
import org.apache.kafka.streams.state.WindowStore;
import org.apache.kafka.streams.state.WindowStoreIterator;

/**
 * A persistent window store whose changelog offset Kafka Streams keeps in a checkpoint file, written
 * on a clean close, instead of inside the store. Kafka Streams 4.3 keeps a segmented store's offset in
 * its segments (KIP-1035); a store with no segment, because its partition saw no record within the
 * retention, has nowhere to keep it, so under exactly-once every start took such a task for corrupted,
 * wiped it and restored it from the changelogs. Saying that this store does not manage its offsets
 * makes Streams keep them for it, the way it does for any custom store; an unclean stop still leaves
 * no checkpoint, so a crash is still treated as corruption, as exactly-once requires.
 */
public final class CheckpointedWindowStore implements WindowStore<Bytes, byte[]> {

  private final WindowStore<Bytes, byte[]> rocks;

  private CheckpointedWindowStore(WindowStore<Bytes, byte[]> rocks) {
    this.rocks = rocks;
  }

  /** A RocksDB window store as {@link Stores#persistentWindowStore} makes it, offsets kept by Streams. */
  public static WindowBytesStoreSupplier persistent(String name, Duration retention, Duration windowSize) {
    WindowBytesStoreSupplier supplier = Stores.persistentWindowStore(name, retention, windowSize, false);
    return new WindowBytesStoreSupplier() {
      @Override
      public String name() {
        return supplier.name();
      }

      @Override
      public WindowStore<Bytes, byte[]> get() {
        return new CheckpointedWindowStore(supplier.get());
      }

      @Override
      public String metricsScope() {
        return supplier.metricsScope();
      }

      @Override
      public long segmentIntervalMs() {
        return supplier.segmentIntervalMs();
      }

      @Override
      public long windowSize() {
        return supplier.windowSize();
      }

      @Override
      public boolean retainDuplicates() {
        return supplier.retainDuplicates();
      }

      @Override
      public long retentionPeriod() {
        return supplier.retentionPeriod();
      }
    };
  }

  @Override
  public boolean managesOffsets() {
    return false;
  }

  @Override
  public Long committedOffset(TopicPartition partition) {
    return null;
  }

  @Override
  public void commit(Map<TopicPartition, Long> changelogOffsets) {
    rocks.commit(changelogOffsets);
  }

  @Override
  public String name() {
    return rocks.name();
  }

  @Override
  public void init(StateStoreContext context, StateStore root) {
    rocks.init(context, root);
  }

  @Override
  public void close() {
    rocks.close();
  }

  @Override
  public boolean persistent() {
    return rocks.persistent();
  }

  @Override
  public boolean isOpen() {
    return rocks.isOpen();
  }

  @Override
  public <R> QueryResult<R> query(Query<R> query, PositionBound positionBound, QueryConfig config) {
    return rocks.query(query, positionBound, config);
  }

  @Override
  public Position getPosition() {
    return rocks.getPosition();
  }

  @Override
  public void put(Bytes key, byte[] value, long windowStartTimestamp) {
    rocks.put(key, value, windowStartTimestamp);
  }

  @Override
  public byte[] fetch(Bytes key, long time) {
    return rocks.fetch(key, time);
  }

  @Override
  public WindowStoreIterator<byte[]> fetch(Bytes key, long timeFrom, long timeTo) {
    return rocks.fetch(key, timeFrom, timeTo);
  }

  @Override
  public WindowStoreIterator<byte[]> backwardFetch(Bytes key, long timeFrom, long timeTo) {
    return rocks.backwardFetch(key, timeFrom, timeTo);
  }

  @Override
  public KeyValueIterator<Windowed<Bytes>, byte[]> fetch(Bytes keyFrom, Bytes keyTo, long timeFrom, long timeTo) {
    return rocks.fetch(keyFrom, keyTo, timeFrom, timeTo);
  }

  @Override
  public KeyValueIterator<Windowed<Bytes>, byte[]> backwardFetch(Bytes keyFrom, Bytes keyTo, long timeFrom,
      long timeTo) {
    return rocks.backwardFetch(keyFrom, keyTo, timeFrom, timeTo);
  }

  @Override
  public KeyValueIterator<Windowed<Bytes>, byte[]> fetchAll(long timeFrom, long timeTo) {
    return rocks.fetchAll(timeFrom, timeTo);
  }

  @Override
  public KeyValueIterator<Windowed<Bytes>, byte[]> backwardFetchAll(long timeFrom, long timeTo) {
    return rocks.backwardFetchAll(timeFrom, timeTo);
  }

  @Override
  public KeyValueIterator<Windowed<Bytes>, byte[]> all() {
    return rocks.all();
  }

  @Override
  public KeyValueIterator<Windowed<Bytes>, byte[]> backwardAll() {
    return rocks.backwardAll();
  }
}
