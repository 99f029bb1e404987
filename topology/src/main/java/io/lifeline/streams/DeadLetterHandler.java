package io.lifeline.streams;

import io.lifeline.schemas.Topic;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A record that does not decode goes, with its original bytes, to {@code <topic>.dlq} in the same
 * transaction as the offsets, and the stream keeps running. The headers say what went wrong and
 * where the record came from.
 */
public final class DeadLetterHandler implements DeserializationExceptionHandler {

  private static final Logger log = LoggerFactory.getLogger(DeadLetterHandler.class);

  public static final String ERROR_CLASS = "dlq.error.class";
  public static final String ERROR_MESSAGE = "dlq.error.message";
  public static final String SOURCE_TOPIC = "dlq.source.topic";
  public static final String SOURCE_PARTITION = "dlq.source.partition";
  public static final String SOURCE_OFFSET = "dlq.source.offset";
  /** On a record put back from a dead-letter topic by hand: where it was there ({@code topic/partition/offset}). */
  public static final String REPLAYED_FROM = "dlq.replayed.from";
  /** Streams config entry holding the {@link MeterRegistry} that counts dead letters by topic. */
  public static final String METER_REGISTRY_CONFIG = "lifeline.dlq.meter.registry";

  private MeterRegistry registry = new SimpleMeterRegistry();

  @Override
  public Response handleError(ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record, Exception exception) {
    registry.counter("lifeline.dlq.records", "topic", record.topic()).increment();
    log.warn("poison record {}-{}@{} sent to {}{}: {}", record.topic(), record.partition(), record.offset(),
        record.topic(), Topic.DLQ_SUFFIX, exception.toString());
    Headers headers = new RecordHeaders(record.headers().toArray());
    put(headers, ERROR_CLASS, exception.getClass().getName());
    put(headers, ERROR_MESSAGE, String.valueOf(exception.getMessage()));
    put(headers, SOURCE_TOPIC, record.topic());
    put(headers, SOURCE_PARTITION, String.valueOf(record.partition()));
    put(headers, SOURCE_OFFSET, String.valueOf(record.offset()));
    return Response.resume(List.of(new ProducerRecord<>(
        record.topic() + Topic.DLQ_SUFFIX, null, record.timestamp(), record.key(), record.value(), headers)));
  }

  private static void put(Headers headers, String key, String value) {
    headers.remove(key);
    headers.add(key, value.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public void configure(Map<String, ?> configs) {
    if (configs.get(METER_REGISTRY_CONFIG) instanceof MeterRegistry given) {
      registry = given;
    }
  }
}
