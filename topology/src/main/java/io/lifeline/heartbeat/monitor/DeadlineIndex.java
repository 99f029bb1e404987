package io.lifeline.heartbeat.monitor;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Deadlines ordered by {@code (deadline, uuid)}: 8-byte big-endian millis then the uuid, so the
 * store's byte order is time order and the due checks are exactly the prefix {@code [0, now]}.
 * A scan therefore costs O(due), whatever the number of checks.
 */
final class DeadlineIndex {

  private static final byte[] EMPTY = new byte[0];

  private final KeyValueStore<Bytes, byte[]> store;

  DeadlineIndex(KeyValueStore<Bytes, byte[]> store) {
    this.store = store;
  }

  void move(String uuid, Long from, Long to) {
    if (from != null && from.equals(to)) {
      return;
    }
    if (from != null) {
      store.delete(key(from, uuid));
    }
    if (to != null) {
      store.put(key(to, uuid), EMPTY);
    }
  }

  void remove(long deadline, String uuid) {
    store.delete(key(deadline, uuid));
  }

  /** Up to {@code limit} entries due at or before {@code now}, earliest first. */
  List<KeyValue<Long, String>> due(long now, int limit) {
    List<KeyValue<Long, String>> due = new ArrayList<>();
    // Every key of a deadline <= now sorts before the bare 8-byte prefix of now + 1.
    try (KeyValueIterator<Bytes, byte[]> it = store.range(Bytes.wrap(prefix(0)), Bytes.wrap(prefix(now + 1)))) {
      while (it.hasNext() && due.size() < limit) {
        byte[] key = it.next().key.get();
        if (key.length < Long.BYTES) {
          continue;
        }
        ByteBuffer buffer = ByteBuffer.wrap(key);
        long deadline = buffer.getLong();
        due.add(KeyValue.pair(deadline, new String(key, Long.BYTES, key.length - Long.BYTES, StandardCharsets.UTF_8)));
      }
    }
    return due;
  }

  static boolean anyDue(ReadOnlyKeyValueStore<Bytes, byte[]> store, long now) {
    try (KeyValueIterator<Bytes, byte[]> it = store.range(Bytes.wrap(prefix(0)), Bytes.wrap(prefix(now + 1)))) {
      while (it.hasNext()) {
        if (it.next().key.get().length >= Long.BYTES) {
          return true;
        }
      }
      return false;
    }
  }

  static Bytes key(long deadline, String uuid) {
    byte[] id = uuid.getBytes(StandardCharsets.UTF_8);
    return Bytes.wrap(ByteBuffer.allocate(Long.BYTES + id.length).putLong(deadline).put(id).array());
  }

  private static byte[] prefix(long deadline) {
    return ByteBuffer.allocate(Long.BYTES).putLong(Math.max(0, deadline)).array();
  }
}
