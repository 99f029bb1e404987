package io.lifeline.heartbeat.replica;

import io.lifeline.schemas.AvroSerde;
import io.lifeline.schemas.CheckDefinition;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Reads of the check replica: by uuid in one lookup, by slug as a prefix scan of
 * {@code s/<pingKey>/<slug>/}, by unique key ({@code k/}), by badge key ({@code b/}), or all definitions.
 */
final class CheckDirectory {

  private static final AvroSerde<CheckDefinition> SERDE = new AvroSerde<>(CheckDefinition.class);
  private static final String UUID_PREFIX = "u/";

  private final ReadOnlyKeyValueStore<String, byte[]> store;

  CheckDirectory(ReadOnlyKeyValueStore<String, byte[]> store) {
    this.store = store;
  }

  Optional<CheckDefinition> byUuid(String uuid) {
    return Optional.ofNullable(decode(store.get(uuidKey(uuid))));
  }

  /** The uuids of the checks with this slug under this ping key; more than one means ambiguous. */
  List<String> bySlug(String pingKey, String slug) {
    String prefix = "s/" + pingKey + "/" + slug + "/";
    List<String> uuids = new ArrayList<>(1);
    try (KeyValueIterator<String, byte[]> it = store.prefixScan(prefix, new StringSerializer())) {
      it.forEachRemaining(kv -> uuids.add(kv.key.substring(prefix.length())));
    }
    return uuids;
  }

  Optional<String> byUniqueKey(String uniqueKey) {
    byte[] uuid = store.get(uniqueKeyKey(uniqueKey));
    return uuid == null ? Optional.empty() : Optional.of(new String(uuid, StandardCharsets.UTF_8));
  }

  Optional<String> byBadgeKey(String badgeKey) {
    byte[] uuid = store.get(badgeKeyKey(badgeKey));
    return uuid == null ? Optional.empty() : Optional.of(new String(uuid, StandardCharsets.UTF_8));
  }

  void forEach(Consumer<CheckDefinition> action) {
    try (KeyValueIterator<String, byte[]> it = store.prefixScan(UUID_PREFIX, new StringSerializer())) {
      it.forEachRemaining(kv -> action.accept(decode(kv.value)));
    }
  }

  static CheckDefinition decode(byte[] bytes) {
    return bytes == null ? null : SERDE.decode(bytes);
  }

  static String uuidKey(String uuid) {
    return UUID_PREFIX + uuid;
  }

  static String slugKey(String pingKey, String slug, String uuid) {
    return "s/" + pingKey + "/" + slug + "/" + uuid;
  }

  static String uniqueKeyKey(String uniqueKey) {
    return "k/" + uniqueKey;
  }

  static String badgeKeyKey(String badgeKey) {
    return "b/" + badgeKey;
  }
}
