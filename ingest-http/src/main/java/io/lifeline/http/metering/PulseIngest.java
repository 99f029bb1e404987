package io.lifeline.http.metering;

import com.fasterxml.jackson.core.JsonGenerator;
import io.javalin.http.Context;
import io.lifeline.http.Edge;
import io.lifeline.http.Json;
import io.lifeline.http.KafkaUnavailable;
import io.lifeline.http.RequestIds;
import io.lifeline.metering.CloudEventPulses;
import io.lifeline.metering.ItemError;
import io.lifeline.metering.MeteringKeys;
import io.lifeline.metering.ParsedBody;
import io.lifeline.metering.PulseInput;
import io.lifeline.metering.PulseReader;
import io.lifeline.metering.PulseRules;
import io.lifeline.schemas.Pulse;
import io.lifeline.schemas.Topics;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Timer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.header.Header;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pulse ingest, all or nothing: every item is read and validated before anything is written; any
 * bad item makes a 400 that lists them all; otherwise every pulse is sent and the answer is 202
 * only once Kafka acknowledged each of them (503 with Retry-After if it did not).
 */
final class PulseIngest {

  private static final Logger log = LoggerFactory.getLogger(PulseIngest.class);
  static final String RETRY_AFTER_SECONDS = "5";

  private final Edge edge;
  private final IngestEndpoint endpoint;
  private final PulseRules rules;
  private final PulseReader reader = new PulseReader(Json.MAPPER);
  private final CloudEventPulses events = new CloudEventPulses(Json.MAPPER);
  private final ClientRateLimiter limiter;
  private final Counter accepted;
  private final Timer latency;

  PulseIngest(Edge edge, IngestEndpoint endpoint, ClientRateLimiter limiter, Clock clock) {
    this.edge = edge;
    this.endpoint = endpoint;
    this.limiter = limiter;
    this.rules = new PulseRules(clock, edge.config().dedupRetention());
    this.accepted = Counter.builder("lifeline.pulses.accepted").tag("endpoint", endpoint.path).register(edge.metrics());
    this.latency = Timer.builder("lifeline.ingest.latency").tag("endpoint", endpoint.path)
        .description("from request to every pulse acknowledged by Kafka")
        .publishPercentiles(0.5, 0.99).register(edge.metrics());
  }

  void handle(Context ctx) throws IOException {
    long started = System.nanoTime();
    if (!limiter.tryAcquire(ctx.ip())) {
      rejected("rate_limited", 1);
      ctx.header("Retry-After", "1");
      Problems.write(ctx, 429, "rate-limited", "Too many requests",
          "this client address sent more than INGEST_RATE_LIMIT (" + edge.config().ingestRateLimit()
              + ") requests per second; retry after a second", null);
      return;
    }
    String mediaType = mediaType(ctx.contentType());
    if (!endpoint.accepts(mediaType)) {
      rejected("unsupported_media_type", 1);
      Problems.write(ctx, 415, "unsupported-media-type", "Unsupported media type",
          endpoint.path + " takes " + String.join(" or ", endpoint.mediaTypes) + ", not '" + mediaType + "'",
          "Content-Type");
      return;
    }
    int limit = edge.config().ingestBodyLimit();
    ParsedBody parsed;
    try {
      if (ctx.req().getContentLengthLong() > limit) {
        throw new BodyTooLarge(limit);
      }
      try (InputStream body = new LimitedInputStream(ctx.req().getInputStream(), limit)) {
        parsed = endpoint.read(mediaType, body, reader, events);
      }
    } catch (BodyTooLarge e) {
      rejected("too_large", 1);
      Problems.write(ctx, 413, "body-too-large", "Body too large", e.getMessage(), "body");
      return;
    }
    List<ItemError> errors = parsed.errors();
    List<Pulse> pulses = new ArrayList<>(parsed.items().size());
    for (PulseInput item : parsed.items()) {
      Pulse pulse = rules.validate(item, errors);
      if (pulse != null) {
        pulses.add(pulse);
      }
    }
    if (!errors.isEmpty()) {
      rejected("invalid", Math.max(1, parsed.items().size()));
      Problems.invalidItems(ctx, errors);
      return;
    }
    CompletableFuture<Void> acked = send(pulses, RequestIds.kafkaHeaders(ctx));
    ctx.future(() -> acked.handle((ok, failure) -> {
      if (failure == null) {
        accepted.increment(pulses.size());
        latency.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
        ctx.status(202).contentType("application/json").result(acceptedBody(pulses));
      } else {
        unavailable(ctx, failure);
      }
      return null;
    }));
  }

  private CompletableFuture<Void> send(List<Pulse> pulses, List<Header> headers) {
    CompletableFuture<?>[] acks = new CompletableFuture<?>[pulses.size()];
    for (int i = 0; i < acks.length; i++) {
      Pulse p = pulses.get(i);
      acks[i] = edge.producer().send(Topics.METERING_PULSES, MeteringKeys.series(p.getTenant(), p.getSku(), p.getUnit()),
          p, headers);
    }
    return CompletableFuture.allOf(acks);
  }

  private void unavailable(Context ctx, Throwable failure) {
    Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    rejected("kafka_unavailable", 1);
    log.warn("answering 503 to an ingest: {}", cause.getMessage());
    if (!(cause instanceof KafkaUnavailable)) {
      log.error("unexpected failure while writing pulses", cause);
    }
    ctx.header("Retry-After", RETRY_AFTER_SECONDS);
    Problems.write(ctx, 503, "kafka-unavailable", "Kafka is unavailable",
        "the pulses were not all acknowledged by Kafka; send the same request again later (with the same ids, "
            + "pulses already written are not counted twice)", null);
  }

  private static byte[] acceptedBody(List<Pulse> pulses) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(64 + pulses.size() * 40);
    try (JsonGenerator json = Json.MAPPER.getFactory().createGenerator(out)) {
      json.writeStartObject();
      json.writeNumberField("accepted", pulses.size());
      json.writeArrayFieldStart("ids");
      for (Pulse p : pulses) {
        json.writeString(p.getId());
      }
      json.writeEndArray();
      json.writeEndObject();
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return out.toByteArray();
  }

  private void rejected(String reason, int items) {
    edge.metrics().counter("lifeline.pulses.rejected", "endpoint", endpoint.path, "reason", reason).increment(items);
  }

  static String mediaType(String contentType) {
    if (contentType == null) {
      return "";
    }
    int semicolon = contentType.indexOf(';');
    return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).strip().toLowerCase(Locale.ROOT);
  }
}
