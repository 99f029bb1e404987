package io.lifeline.heartbeat.monitor;

import io.lifeline.schemas.AvroSerde;
import io.lifeline.schemas.DeliveryAttempt;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * The last {@link #KEEP} delivery attempts of each check and of each channel, in one store. Rows are
 * keyed {@code (index, id, 0x00, n)} with index {@code c} (by check) or {@code h} (by channel); the
 * next {@code n} of each is kept under {@code (#, index, id)}. An append writes a row and deletes the
 * one that fell out, as {@link CheckHistory} does. A channel's rows here are only those of this
 * task's checks; a channel's log is gathered from every task.
 */
public final class DeliveryLog {

  public static final int KEEP = 100;
  private static final byte BY_CHECK = 'c';
  private static final byte BY_CHANNEL = 'h';
  private static final byte COUNTER = '#';
  private static final AvroSerde<DeliveryAttempt> SERDE = new AvroSerde<>(DeliveryAttempt.class);

  private DeliveryLog() {}

  static void append(KeyValueStore<Bytes, byte[]> store, DeliveryAttempt attempt) {
    byte[] encoded = SERDE.encode(attempt);
    if (attempt.getCheckUuid() != null) {
      append(store, BY_CHECK, attempt.getCheckUuid(), encoded);
    }
    append(store, BY_CHANNEL, attempt.getChannelId(), encoded);
  }

  /** A check's attempts, newest first. */
  public static List<DeliveryAttempt> byCheck(ReadOnlyKeyValueStore<Bytes, byte[]> store, String uuid) {
    return newestFirst(store, BY_CHECK, uuid);
  }

  /** This store's attempts through a channel, newest first. */
  public static List<DeliveryAttempt> byChannel(ReadOnlyKeyValueStore<Bytes, byte[]> store, String channelId) {
    return newestFirst(store, BY_CHANNEL, channelId);
  }

  private static void append(KeyValueStore<Bytes, byte[]> store, byte index, String id, byte[] encoded) {
    Bytes counter = counterKey(index, id);
    byte[] last = store.get(counter);
    long n = (last == null ? 0 : ByteBuffer.wrap(last).getLong()) + 1;
    store.put(key(index, id, n), encoded);
    if (n > KEEP) {
      store.delete(key(index, id, n - KEEP));
    }
    store.put(counter, ByteBuffer.allocate(Long.BYTES).putLong(n).array());
  }

  private static List<DeliveryAttempt> newestFirst(ReadOnlyKeyValueStore<Bytes, byte[]> store, byte index, String id) {
    List<DeliveryAttempt> attempts = new ArrayList<>();
    try (KeyValueIterator<Bytes, byte[]> it = store.reverseRange(key(index, id, 0), key(index, id, Long.MAX_VALUE))) {
      it.forEachRemaining(kv -> attempts.add(SERDE.decode(kv.value)));
    }
    return attempts;
  }

  static Bytes key(byte index, String id, long n) {
    byte[] bytes = id.getBytes(StandardCharsets.UTF_8);
    return Bytes.wrap(ByteBuffer.allocate(1 + bytes.length + 1 + Long.BYTES)
        .put(index).put(bytes).put((byte) 0).putLong(n).array());
  }

  private static Bytes counterKey(byte index, String id) {
    byte[] bytes = id.getBytes(StandardCharsets.UTF_8);
    return Bytes.wrap(ByteBuffer.allocate(2 + bytes.length).put(COUNTER).put(index).put(bytes).array());
  }
}
