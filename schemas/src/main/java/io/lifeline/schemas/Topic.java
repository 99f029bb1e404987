package io.lifeline.schemas;

import java.util.Map;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/** A topic name with the serdes of its key and value and the configuration it is created with. */
public record Topic<K, V>(String name, Serde<K> keySerde, Serde<V> valueSerde, Map<String, String> config) {

  public static final String DLQ_SUFFIX = ".dlq";

  /** Poison records keep their original bytes; the error travels in headers. */
  public Topic<byte[], byte[]> dlq() {
    return new Topic<>(name + DLQ_SUFFIX, Serdes.ByteArray(), Serdes.ByteArray(), Topics.DLQ_CONFIG);
  }

  @Override
  public String toString() {
    return name;
  }
}
