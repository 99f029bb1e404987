package io.lifeline.delivery;

import io.lifeline.schemas.DeliveryAttempt;
import io.lifeline.schemas.Topic;
import io.lifeline.schemas.Topics;
import io.lifeline.streams.DeadLetterHandler;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * Writes the delivery log and the dead letters of delivery, with {@code acks=all} and idempotence; a
 * future completes only once Kafka acknowledged the record, since a sender commits its input offset
 * only after its attempts are recorded.
 */
final class DeliveryRecorder implements AutoCloseable {

  /** Headers a dead-lettered alert carries beside the {@link DeadLetterHandler} ones. */
  static final String CHANNEL_ID = "delivery.channel.id";
  static final String ATTEMPTS = "delivery.attempts";

  private final Producer<byte[], byte[]> producer;
  private final MeterRegistry meters;

  DeliveryRecorder(String bootstrapServers, MeterRegistry meters) {
    this.meters = meters;
    this.producer = new KafkaProducer<>(Map.<String, Object>of(
        ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
        ProducerConfig.CLIENT_ID_CONFIG, "lifeline-delivery",
        ProducerConfig.ACKS_CONFIG, "all",
        ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
        ProducerConfig.LINGER_MS_CONFIG, 1,
        ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000,
        ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000),
        new ByteArraySerializer(), new ByteArraySerializer());
  }

  /**
   * Fetches the metadata of every topic delivery writes, before the first alert needs it: a producer
   * that first meets a topic while sending may wait a whole metadata round (up to a minute) for it.
   */
  void warm() {
    for (Topic<?, ?> topic : List.of(Topics.HEARTBEAT_DELIVERIES, Topics.METERING_DELIVERIES,
        Topics.HEARTBEAT_ALERTS.dlq(), Topics.METERING_BATCHES.dlq())) {
      producer.partitionsFor(topic.name());
    }
  }

  CompletableFuture<Void> record(Topic<String, DeliveryAttempt> topic, String key, DeliveryAttempt attempt) {
    return send(new ProducerRecord<>(topic.name(), null, attempt.getAt().toEpochMilli(),
        topic.keySerde().serializer().serialize(topic.name(), key),
        topic.valueSerde().serializer().serialize(topic.name(), attempt)));
  }

  /** The original record, bytes unchanged, to {@code <topic>.dlq} with why and where from in its headers. */
  CompletableFuture<Void> deadLetter(ConsumerRecord<String, byte[]> original, String errorClass, String reason,
      Map<String, String> extra) {
    Headers headers = new RecordHeaders(original.headers().toArray());
    put(headers, DeadLetterHandler.ERROR_CLASS, errorClass);
    put(headers, DeadLetterHandler.ERROR_MESSAGE, reason);
    put(headers, DeadLetterHandler.SOURCE_TOPIC, original.topic());
    put(headers, DeadLetterHandler.SOURCE_PARTITION, String.valueOf(original.partition()));
    put(headers, DeadLetterHandler.SOURCE_OFFSET, String.valueOf(original.offset()));
    extra.forEach((k, v) -> put(headers, k, v));
    String dlq = original.topic() + Topic.DLQ_SUFFIX;
    byte[] key = original.key() == null ? null : original.key().getBytes(StandardCharsets.UTF_8);
    return send(new ProducerRecord<>(dlq, null, original.timestamp(), key, original.value(), headers))
        .thenRun(() -> meters.counter("lifeline.dlq.records", "topic", original.topic()).increment());
  }

  private CompletableFuture<Void> send(ProducerRecord<byte[], byte[]> record) {
    CompletableFuture<Void> acked = new CompletableFuture<>();
    try {
      producer.send(record, (metadata, error) -> {
        if (error != null) {
          acked.completeExceptionally(error);
        } else {
          acked.complete(null);
        }
      });
    } catch (RuntimeException e) {
      acked.completeExceptionally(e);
    }
    return acked;
  }

  private static void put(Headers headers, String key, String value) {
    headers.remove(key);
    headers.add(key, value.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(10));
  }
}
