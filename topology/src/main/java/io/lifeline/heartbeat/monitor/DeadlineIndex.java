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
 * A scan therefore costs O(due), whatever the number of checks, and nothing while the earliest
 * deadline, kept in memory, is still ahead: the scan can run several times a second for free.
 */
final class DeadlineIndex {

  private static final byte[] EMPTY = new byte[0];

  private final KeyValueStore<Bytes, byte[]> store;
  /** No deadline in the index is earlier; a lower bound, since removing one leaves it as it is. */
  private long earliest;

  DeadlineIndex(KeyValueStore<Bytes, byte[]> store) {
    this.store = store;
    this.earliest = first();
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
      earliest = Math.min(earliest, to);
    }
  }

  void remove(long deadline, String uuid) {
    store.delete(key(deadline, uuid));
  }

  /** Up to {@code limit} entries due at or before {@code now}, earliest first; {@link #settle} once they are handled. */
  List<KeyValue<Long, String>> due(long now, int limit) {
    List<KeyValue<Long, String>> due = new ArrayList<>();
    if (now < earliest) {
      return due;
    }
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

  /** After a scan handled what was due: the bound moves up to the first deadline left. */
  void settle() {
    earliest = first();
  }

  private long first() {
    try (KeyValueIterator<Bytes, byte[]> it = store.range(Bytes.wrap(prefix(0)), null)) {
      while (it.hasNext()) {
        byte[] key = it.next().key.get();
        if (key.length >= Long.BYTES) {
          return ByteBuffer.wrap(key).getLong();
        }
      }
      return Long.MAX_VALUE;
    }
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
