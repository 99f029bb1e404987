package io.lifeline.delivery;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.lifeline.delivery.channel.HttpTransport;
import io.lifeline.delivery.channel.Outcome;
import io.lifeline.schemas.AvroSerde;
import io.lifeline.schemas.DeliveryAttempt;
import io.lifeline.schemas.DeliveryOutcome;
import io.lifeline.schemas.Topics;
import io.lifeline.schemas.UsageBatch;
import io.lifeline.schemas.format.AvroJson;
import io.micrometer.core.instrument.MeterRegistry;
import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRebalanceListener;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Consumes {@code metering.batches} and POSTs each batch, as the JSON the console formatter prints,
 * to {@code BATCH_SINK_URL} with {@code Idempotency-Key: <batchId>}, one at a time in offset order.
 * The offset is committed only after a 2xx. A sink that fails is retried without end (exponential
 * backoff, and the breaker opens so the sink is left alone for a while); meanwhile the consumer keeps
 * polling with its partitions paused, so it stays in its group however long the sink is away.
 */
final class BatchSender implements Runnable {

  static final String DESTINATION = "billing-sink";
  private static final Logger log = LoggerFactory.getLogger(BatchSender.class);
  private static final AvroSerde<UsageBatch> BATCHES = new AvroSerde<>(UsageBatch.class);
  private static final ObjectMapper JSON = new ObjectMapper().enable(JsonGenerator.Feature.WRITE_BIGDECIMAL_AS_PLAIN);

  private final Consumer<String, byte[]> consumer;
  private final Policies policies;
  private final HttpTransport http;
  private final URI sink;
  private final String token;
  private final DeliveryRecorder recorder;
  private final MeterRegistry meters;
  private final Deque<ConsumerRecord<String, byte[]>> buffer = new ArrayDeque<>();
  private ConsumerRecord<String, byte[]> current;
  private CompletableFuture<Void> sending;
  private volatile boolean running = true;
  private volatile long lag;
  private volatile String lastError;

  BatchSender(Consumer<String, byte[]> consumer, Policies policies, HttpTransport http, URI sink, String token,
      DeliveryRecorder recorder, MeterRegistry meters) {
    this.consumer = consumer;
    this.policies = policies;
    this.http = http;
    this.sink = sink;
    this.token = token;
    this.recorder = recorder;
    this.meters = meters;
    meters.gauge("lifeline.delivery.sink.lag", this, s -> s.lag);
  }

  @Override
  public void run() {
    try {
      consumer.subscribe(List.of(Topics.METERING_BATCHES.name()), new Rebalance());
      while (running) {
        consumer.poll(Duration.ofMillis(100)).forEach(buffer::add);
        if (sending != null && sending.isDone()) {
          finish();
        }
        if (sending == null && !buffer.isEmpty()) {
          current = buffer.peek();
          sending = send(current);
        }
        if (buffer.isEmpty()) {
          consumer.resume(consumer.paused());
        } else {
          consumer.pause(consumer.assignment());
        }
        lag = buffer.size() + consumer.assignment().stream()
            .mapToLong(tp -> { OptionalLong l = consumer.currentLag(tp); return l.orElse(0); }).sum();
      }
    } catch (WakeupException e) {
      // closing
    } catch (RuntimeException e) {
      log.error("the batch sender stopped: {}", e.toString(), e);
    } finally {
      consumer.close(Duration.ofSeconds(5));
    }
  }

  void stop() {
    running = false;
    consumer.wakeup();
  }

  /** Batches received and not yet accepted by the sink. */
  long lag() {
    return lag;
  }

  /** A warning for readiness while batches wait on a sink that fails; empty while all is well. */
  String warning() {
    CircuitBreaker.State state = policies.breaker(DESTINATION).getState();
    String error = lastError;
    if (lag == 0 || (error == null && state == CircuitBreaker.State.CLOSED)) {
      return null;
    }
    return "billing sink: " + lag + " batch(es) waiting; circuit " + state + (error == null ? "" : "; last error: " + error);
  }

  private void finish() {
    if (sending.isCompletedExceptionally()) {
      log.warn("batch at {}-{}@{} will be sent again: {}", current.topic(), current.partition(), current.offset(),
          String.valueOf(sending.handle((ok, error) -> error).join()));
      consumer.seek(new TopicPartition(current.topic(), current.partition()), current.offset());
      buffer.clear();
    } else {
      try {
        consumer.commitSync(Map.of(new TopicPartition(current.topic(), current.partition()),
            new OffsetAndMetadata(current.offset() + 1)), Duration.ofSeconds(5));
      } catch (org.apache.kafka.common.errors.RetriableException e) {
        log.warn("cannot commit the batch offset yet ({}); will try again", e.toString());
        return;
      }
      buffer.poll();
    }
    sending = null;
    current = null;
  }

  private CompletableFuture<Void> send(ConsumerRecord<String, byte[]> record) {
    UsageBatch batch;
    try {
      batch = BATCHES.decode(record.value());
    } catch (SerializationException e) {
      log.warn("poison batch {}-{}@{} sent to the dead-letter topic: {}", record.topic(), record.partition(),
          record.offset(), e.getMessage());
      return recorder.deadLetter(record, e.getClass().getName(), String.valueOf(e.getMessage()), Map.of());
    }
    if (batch == null) {
      return CompletableFuture.completedFuture(null);
    }
    String body = json(batch);
    return Attempts.run(policies, policies.sinkRetry(), "sink", DESTINATION, () -> post(batch, body),
        (n, outcome, last, latency) -> attempted(record, batch, n, outcome, latency)).thenRun(() -> lastError = null);
  }

  private Outcome post(UsageBatch batch, String body) {
    HttpRequest.Builder request = HttpRequest.newBuilder()
        .header(HttpTransport.IDEMPOTENCY_KEY, batch.getBatchId())
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body));
    if (token != null && !token.isBlank()) {
      request.header("Authorization", "Bearer " + token);
    }
    return http.send(sink, request);
  }

  /** The log of sink attempts is kept for audit; the send goes on even if Kafka cannot take that record now. */
  private CompletableFuture<Void> attempted(ConsumerRecord<String, byte[]> record, UsageBatch batch, int n,
      Outcome outcome, long latency) {
    DeliveryOutcome result = outcome.delivered() ? DeliveryOutcome.DELIVERED : DeliveryOutcome.RETRYING;
    meters.counter("lifeline.deliveries", "kind", "sink", "outcome", result.name().toLowerCase(java.util.Locale.ROOT))
        .increment();
    if (!outcome.delivered()) {
      meters.counter("lifeline.delivery.retries", "kind", "sink").increment();
      String error = Secrets.replace(outcome.error(), token);
      lastError = error;
      if (n == 1 || n % 10 == 0) {
        log.warn("batch {} to the billing sink: attempt {} failed ({}); it waits and is tried again", batch.getBatchId(),
            n, error);
      }
    }
    DeliveryAttempt attempt = DeliveryAttempt.newBuilder()
        .setDeliveryId(batch.getBatchId()).setEvent(batch.getKind().name()).setCheckUuid(null)
        .setChannelId(DESTINATION).setChannelKind("sink").setAttempt(n).setOutcome(result)
        .setHttpStatus(outcome.httpStatus()).setReply(Secrets.replace(outcome.reply(), token)).setLatencyMillis(latency)
        .setError(Secrets.replace(outcome.error(), token)).setAt(Instant.now()).build();
    return recorder.record(Topics.METERING_DELIVERIES, record.key(), attempt).exceptionally(e -> {
      log.warn("attempt {} of batch {} not recorded: {}", n, batch.getBatchId(), e.toString());
      return null;
    });
  }

  static String json(UsageBatch batch) {
    try {
      return JSON.writeValueAsString(AvroJson.toJson(batch));
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  /** A partition that moves away takes its buffered batches with it; one in flight may be sent twice. */
  private final class Rebalance implements ConsumerRebalanceListener {
    @Override
    public void onPartitionsRevoked(Collection<TopicPartition> partitions) {
      buffer.removeIf(r -> partitions.contains(new TopicPartition(r.topic(), r.partition())));
      if (current != null && partitions.contains(new TopicPartition(current.topic(), current.partition()))) {
        sending = null;
        current = null;
      }
    }

    @Override
    public void onPartitionsAssigned(Collection<TopicPartition> partitions) {
      log.info("sending the batches of {} to the billing sink", partitions);
    }
  }
}
