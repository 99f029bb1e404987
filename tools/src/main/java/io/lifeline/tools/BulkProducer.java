package io.lifeline.tools;

import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.Serializer;

/** The producer a benchmark loads its backlog with: large lz4 batches, acknowledged as the edge's are. */
final class BulkProducer {

  private BulkProducer() {}

  static <K, V> KafkaProducer<K, V> open(String bootstrap, Serializer<K> keys, Serializer<V> values) {
    return new KafkaProducer<>(Map.of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap,
        ProducerConfig.ACKS_CONFIG, "all",
        ProducerConfig.LINGER_MS_CONFIG, 20,
        ProducerConfig.BATCH_SIZE_CONFIG, 512 * 1024,
        ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4"), keys, values);
  }
}
