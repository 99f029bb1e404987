package io.lifeline.heartbeat.monitor;

import io.lifeline.heartbeat.Numbered;
import io.lifeline.schemas.AvroSerde;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * The last {@link #KEEP} entries (pings or flips) of each check, one store row per entry keyed
 * {@code (uuid, 0x00, n)}: appending writes one row and deletes the one that fell out, so the cost
 * of a ping does not grow with the history.
 */
public final class CheckHistory<T extends SpecificRecord> {

  public static final int KEEP = 100;

  private final AvroSerde<T> serde;

  public CheckHistory(Class<T> type) {
    this.serde = new AvroSerde<>(type);
  }

  void append(KeyValueStore<Bytes, byte[]> store, String uuid, long n, T entry) {
    store.put(key(uuid, n), serde.encode(entry));
    if (n > KEEP) {
      store.delete(key(uuid, n - KEEP));
    }
  }

  void clear(KeyValueStore<Bytes, byte[]> store, String uuid) {
    List<Bytes> keys = new ArrayList<>();
    try (KeyValueIterator<Bytes, byte[]> it = store.range(key(uuid, 0), key(uuid, Long.MAX_VALUE))) {
      it.forEachRemaining(kv -> keys.add(kv.key));
    }
    keys.forEach(store::delete);
  }

  /** Newest first, each with its sequence number {@code n} (1 for the first entry ever). */
  public List<Numbered<T>> newestFirst(ReadOnlyKeyValueStore<Bytes, byte[]> store, String uuid) {
    List<Numbered<T>> entries = new ArrayList<>();
    try (KeyValueIterator<Bytes, byte[]> it = store.reverseRange(key(uuid, 0), key(uuid, Long.MAX_VALUE))) {
      while (it.hasNext()) {
        var kv = it.next();
        byte[] k = kv.key.get();
        long n = ByteBuffer.wrap(k, k.length - Long.BYTES, Long.BYTES).getLong();
        entries.add(new Numbered<>(n, serde.decode(kv.value)));
      }
    }
    return entries;
  }

  /** The latest entry of a check, or null when it has none. */
  T newest(ReadOnlyKeyValueStore<Bytes, byte[]> store, String uuid) {
    try (KeyValueIterator<Bytes, byte[]> it = store.reverseRange(key(uuid, 0), key(uuid, Long.MAX_VALUE))) {
      return it.hasNext() ? serde.decode(it.next().value) : null;
    }
  }

  static Bytes key(String uuid, long n) {
    byte[] id = uuid.getBytes(StandardCharsets.UTF_8);
    return Bytes.wrap(ByteBuffer.allocate(id.length + 1 + Long.BYTES).put(id).put((byte) 0).putLong(n).array());
  }
}
