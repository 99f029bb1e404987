package io.lifeline.server;

import io.lifeline.http.RequestIds;
import io.lifeline.ports.KafkaUnavailable;
import io.lifeline.schemas.Topic;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * The edge's one producer. A future completes only when Kafka has acknowledged the record with
 * {@code acks=all}; a record Kafka cannot take fails the future with {@link KafkaUnavailable}, so a
 * handler answers 503 rather than accepting and dropping.
 */
final class EdgeProducer implements AutoCloseable {

  private final Producer<byte[], byte[]> producer;
  /**
   * Completing a future runs its dependants (writing the HTTP answer) on the completing thread; done
   * on the producer's single I/O thread, that would serialise every answer behind the network loop.
   */
  private final ExecutorService acknowledgements = Executors.newFixedThreadPool(
      Math.max(2, Runtime.getRuntime().availableProcessors()), daemon("lifeline-acks"));

  EdgeProducer(String bootstrapServers) {
    this.producer = new KafkaProducer<>(Map.<String, Object>of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        ProducerConfig.CLIENT_ID_CONFIG, "lifeline-edge",
        ProducerConfig.ACKS_CONFIG, "all",
        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
        ProducerConfig.LINGER_MS_CONFIG, 2,
        ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024,
        ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4",
        // Fail fast enough that a client waiting on its answer gets a 503 rather than a hang.
        ProducerConfig.MAX_BLOCK_MS_CONFIG, 5_000,
        ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000,
        ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 10_000),
        new ByteArraySerializer(), new ByteArraySerializer());
  }

  /** Sends one record carrying the request's correlation id; completes once Kafka acknowledged it. */
  <K, V> CompletableFuture<RecordMetadata> send(Topic<K, V> topic, K key, V value, String requestId) {
    byte[] k = topic.keySerde().serializer().serialize(topic.name(), key);
    byte[] v = topic.valueSerde().serializer().serialize(topic.name(), value);
    List<Header> headers = List.of(new RecordHeader(RequestIds.HEADER, requestId.getBytes(StandardCharsets.UTF_8)));
    CompletableFuture<RecordMetadata> acked = new CompletableFuture<>();
    try {
      producer.send(new ProducerRecord<>(topic.name(), null, k, v, headers), (metadata, error) ->
          acknowledgements.execute(() -> {
            if (error != null) {
              acked.completeExceptionally(new KafkaUnavailable(error));
            } else {
              acked.complete(metadata);
            }
          }));
    } catch (RuntimeException e) {
      acked.completeExceptionally(new KafkaUnavailable(e));
    }
    return acked;
  }

  /** How many partitions a topic has, from the metadata the producer keeps anyway. */
  int partitions(String topic) {
    return producer.partitionsFor(topic).size();
  }

  Producer<byte[], byte[]> client() {
    return producer;
  }

  void flush() {
    producer.flush();
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(10));
    acknowledgements.shutdown();
  }

  private static ThreadFactory daemon(String name) {
    return runnable -> {
      Thread thread = new Thread(runnable, name);
      thread.setDaemon(true);
      return thread;
    };
  }
}
