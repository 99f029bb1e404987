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
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
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
 * A producer of the edge. A future completes only when Kafka has acknowledged the record with
 * {@code acks=all}; a record Kafka cannot take fails the future with {@link KafkaUnavailable}, so a
 * handler answers 503 rather than accepting and dropping. No future waits longer than the ack timeout
 * ({@code INGEST_ACK_TIMEOUT}): a client with a 10 s timeout gets its 503 rather than a hang while the
 * broker is away, and a client that retries with the same ids is counted once.
 */
final class EdgeProducer implements AutoCloseable {

  private final Producer<byte[], byte[]> producer;
  private final Duration ackTimeout;
  private final ScheduledThreadPoolExecutor timeouts =
      new ScheduledThreadPoolExecutor(1, daemon("lifeline-ack-timeouts"));
  /**
   * Completing a future runs its dependants (writing the HTTP answer) on the completing thread; done
   * on the producer's single I/O thread, that would serialise every answer behind the network loop.
   */
  private final ExecutorService acknowledgements = Executors.newFixedThreadPool(
      Math.max(2, Runtime.getRuntime().availableProcessors()), daemon("lifeline-acks"));

  /**
   * Pings and definitions are small and few per batch: compressing them saves nothing, and Kafka's lz4
   * allocates two 64 KiB block buffers per batch, which was most of the garbage of a ping. Pulses come a
   * thousand to a request and are the audit log kept for months: they are compressed.
   */
  static EdgeProducer forCommands(String bootstrapServers, Duration ackTimeout) {
    return new EdgeProducer(bootstrapServers, ackTimeout, "lifeline-edge", "none");
  }

  static EdgeProducer forPulses(String bootstrapServers, Duration ackTimeout) {
    return new EdgeProducer(bootstrapServers, ackTimeout, "lifeline-edge-pulses", "lz4");
  }

  private EdgeProducer(String bootstrapServers, Duration ackTimeout, String clientId, String compression) {
    this(new KafkaProducer<>(Map.<String, Object>of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        ProducerConfig.CLIENT_ID_CONFIG, clientId,
        ProducerConfig.ACKS_CONFIG, "all",
        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
        ProducerConfig.LINGER_MS_CONFIG, 2,
        ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024,
        ProducerConfig.COMPRESSION_TYPE_CONFIG, compression,
        // A send blocks its caller while metadata is missing; never longer than the answer may wait.
        ProducerConfig.MAX_BLOCK_MS_CONFIG, ackTimeout.toMillis(),
        ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000,
        ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 10_000),
        new ByteArraySerializer(), new ByteArraySerializer()), ackTimeout);
  }

  /** Over a given client: the real one, or a test's that never acknowledges. */
  EdgeProducer(Producer<byte[], byte[]> producer, Duration ackTimeout) {
    this.producer = producer;
    this.ackTimeout = ackTimeout;
    timeouts.setRemoveOnCancelPolicy(true);
  }

  /** Sends one record carrying the request's correlation id; completes once Kafka acknowledged it. */
  <K, V> CompletableFuture<RecordMetadata> send(Topic<K, V> topic, K key, V value, String requestId) {
    return bounded(unbounded(topic, key, value, requestId));
  }

  /**
   * Sends records in order; completes once Kafka acknowledged every one. The first record that cannot
   * be handed to the producer fails the whole, and the rest are not sent: each would block as long.
   */
  <K, V> CompletableFuture<Void> sendAll(Topic<K, V> topic, List<Map.Entry<K, V>> records, String requestId) {
    long deadline = System.nanoTime() + ackTimeout.toNanos();
    CompletableFuture<?>[] acks = new CompletableFuture<?>[records.size()];
    for (int i = 0; i < acks.length; i++) {
      Map.Entry<K, V> record = records.get(i);
      acks[i] = unbounded(topic, record.getKey(), record.getValue(), requestId);
      if (acks[i].isCompletedExceptionally() || System.nanoTime() > deadline) {
        return bounded(acks[i].isCompletedExceptionally() ? CompletableFuture.allOf(acks[i])
            : CompletableFuture.failedFuture(new KafkaUnavailable("Kafka took more than INGEST_ACK_TIMEOUT ("
                + ackTimeout + ") to take the records")));
      }
    }
    return bounded(CompletableFuture.allOf(acks));
  }

  /** The future, failed with {@link KafkaUnavailable} if Kafka has not acknowledged within the ack timeout. */
  private <T> CompletableFuture<T> bounded(CompletableFuture<T> acked) {
    if (acked.isDone()) {
      return acked;
    }
    ScheduledFuture<?> timeout = timeouts.schedule(() -> acked.completeExceptionally(new KafkaUnavailable(
        "Kafka did not acknowledge within INGEST_ACK_TIMEOUT (" + ackTimeout + ")")), ackTimeout.toMillis(),
        TimeUnit.MILLISECONDS);
    acked.whenComplete((ok, failure) -> timeout.cancel(false));
    return acked;
  }

  private <K, V> CompletableFuture<RecordMetadata> unbounded(Topic<K, V> topic, K key, V value, String requestId) {
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
    timeouts.shutdownNow();
  }

  private static ThreadFactory daemon(String name) {
    return runnable -> {
      Thread thread = new Thread(runnable, name);
      thread.setDaemon(true);
      return thread;
    };
  }
}
