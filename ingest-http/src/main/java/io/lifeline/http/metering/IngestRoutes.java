package io.lifeline.http.metering;

import com.fasterxml.jackson.core.JsonGenerator;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.lifeline.http.HttpSettings;
import io.lifeline.http.Json;
import io.lifeline.http.Problems;
import io.lifeline.http.RequestIds;
import io.lifeline.http.RouteGroup;
import io.lifeline.metering.CloudEventPulses;
import io.lifeline.metering.ItemError;
import io.lifeline.metering.ParsedBody;
import io.lifeline.metering.PulseInput;
import io.lifeline.metering.PulseJson;
import io.lifeline.metering.PulseReader;
import io.lifeline.metering.PulseRules;
import io.lifeline.ports.KafkaUnavailable;
import io.lifeline.ports.PulseSink;
import io.lifeline.schemas.Pulse;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pulse ingest (DESIGN.md section 6.1), all or nothing: the key is checked, every item is read and
 * validated before anything is written; any bad item makes a 400 that lists them; an item for a
 * tenant the key is not bound to makes a 403; otherwise every pulse goes to the {@link PulseSink} and
 * the answer is 2xx only once Kafka acknowledged each of them (503 with Retry-After if it did not).
 */
public final class IngestRoutes implements RouteGroup {

  private static final Logger log = LoggerFactory.getLogger(IngestRoutes.class);
  static final String RETRY_AFTER_SECONDS = "5";

  private final PulseSink sink;
  private final HttpSettings settings;
  private final IngestKeys keys;
  private final MeterRegistry metrics;
  private final PulseRules rules;
  private final ClientRateLimiter limiter;
  private final PulseReader reader = new PulseReader(PulseJson.MAPPER);
  private final CloudEventPulses events = new CloudEventPulses(PulseJson.MAPPER);

  public IngestRoutes(PulseSink sink, HttpSettings settings, IngestKeys keys, MeterRegistry metrics, Clock clock) {
    this.sink = sink;
    this.settings = settings;
    this.keys = keys;
    this.metrics = metrics;
    this.rules = new PulseRules(clock, settings.dedupRetention());
    this.limiter = new ClientRateLimiter(settings.ingestRateLimit());
  }

  @Override
  public void addTo(RoutesConfig routes) {
    for (IngestEndpoint endpoint : IngestEndpoint.values()) {
      Counter accepted = Counter.builder("lifeline.pulses.accepted").tag("endpoint", endpoint.path).register(metrics);
      Timer latency = Timer.builder("lifeline.ingest.latency").tag("endpoint", endpoint.path)
          .description("from request to every pulse acknowledged by Kafka")
          .publishPercentiles(0.5, 0.99).register(metrics);
      routes.post(endpoint.path, ctx -> handle(ctx, endpoint, accepted, latency));
    }
  }

  private void handle(Context ctx, IngestEndpoint endpoint, Counter accepted, Timer latency) throws IOException {
    long started = System.nanoTime();
    if (!limiter.tryAcquire(ctx.ip())) {
      rejected(endpoint, "rate_limited", 1);
      ctx.header("Retry-After", "1");
      Problems.write(ctx, 429, "rate-limited", "Too many requests",
          "this client address sent more than INGEST_RATE_LIMIT (" + settings.ingestRateLimit()
              + ") requests per second; retry after a second", null);
      return;
    }
    Optional<IngestKeys.Grant> grant = grant(ctx, endpoint);
    if (grant.isEmpty()) {
      return;
    }
    Map<String, String> ceAttributes = endpoint == IngestEndpoint.EVENTS ? ceAttributes(ctx) : Map.of();
    String mediaType = mediaType(ctx.contentType());
    if (!endpoint.accepts(mediaType, !ceAttributes.isEmpty())) {
      rejected(endpoint, "unsupported_media_type", 1);
      Problems.write(ctx, 415, "unsupported-media-type", "Unsupported media type",
          endpoint.path + " takes " + String.join(" or ", endpoint.mediaTypes) + ", not '" + mediaType + "'",
          "Content-Type");
      return;
    }
    String encoding = ctx.header("Content-Encoding");
    if (!ContentEncoding.supported(encoding)) {
      rejected(endpoint, "unsupported_media_type", 1);
      Problems.write(ctx, 415, "unsupported-content-encoding", "Unsupported content encoding",
          "bodies may be encoded " + ContentEncoding.SUPPORTED + ", not '" + encoding + "'", "Content-Encoding");
      return;
    }
    ParsedBody parsed;
    try (InputStream body = ContentEncoding.decoded(encoding, ctx.req().getInputStream(), settings.ingestBodyLimit())) {
      parsed = endpoint.read(mediaType, ceAttributes, body, reader, events);
    } catch (BodyTooLarge e) {
      rejected(endpoint, "too_large", 1);
      Problems.write(ctx, 413, "body-too-large", "Body too large", e.getMessage(), "body");
      return;
    } catch (ZipException e) {
      rejected(endpoint, "invalid", 1);
      Problems.write(ctx, 400, "bad-content-encoding", "Body not as encoded",
          "the body is labelled gzip but is not gzip: " + e.getMessage(), "Content-Encoding");
      return;
    }
    List<ItemError> errors = parsed.errors();
    List<Pulse> pulses = new ArrayList<>(parsed.items().size());
    List<ItemError> foreign = new ArrayList<>();
    for (PulseInput item : parsed.items()) {
      Pulse pulse = rules.validate(item, errors);
      if (pulse != null) {
        pulses.add(pulse);
        if (!grant.get().allows(pulse.getTenant())) {
          foreign.add(new ItemError(item.index(), item.tenant().name(), "is '" + pulse.getTenant()
              + "', but this key may send only for tenant '" + grant.get().tenant().orElseThrow() + "'"));
        }
      }
    }
    if (!errors.isEmpty()) {
      rejected(endpoint, "invalid", Math.max(1, parsed.items().size()));
      long items = errors.stream().mapToInt(ItemError::index).distinct().count();
      Problems.items(ctx, 400, "invalid-pulses", "Invalid pulses", items + " item(s) are invalid; nothing was "
          + "written. Fix them and send the whole request again.", errors);
      return;
    }
    if (!foreign.isEmpty()) {
      rejected(endpoint, "forbidden_tenant", pulses.size());
      Problems.items(ctx, 403, "tenant-not-allowed", "Tenant not allowed for this key", foreign.size()
          + " item(s) are for a tenant other than '" + grant.get().tenant().orElseThrow()
          + "', the only one this key may send for; nothing was written.", foreign);
      return;
    }
    CompletableFuture<Void> acked = sink.send(pulses, RequestIds.of(ctx));
    ctx.future(() -> acked.handle((ok, failure) -> {
      if (failure == null) {
        accepted.increment(pulses.size());
        latency.record(System.nanoTime() - started, TimeUnit.NANOSECONDS);
        if (endpoint.accepted == 204) {
          ctx.status(204);
        } else {
          ctx.status(endpoint.accepted).contentType("application/json").result(acceptedBody(pulses));
        }
      } else {
        unavailable(ctx, endpoint, failure);
      }
      return null;
    }));
  }

  /**
   * The grant of the key presented as {@code Authorization: Bearer <key>} (what OpenMeter's SDKs send)
   * or {@code X-Api-Key}; everything is granted while no key is configured. Empty after answering 401.
   */
  private Optional<IngestKeys.Grant> grant(Context ctx, IngestEndpoint endpoint) {
    if (keys.open()) {
      return Optional.of(new IngestKeys.Grant(Optional.empty()));
    }
    String key = ctx.header("X-Api-Key");
    String authorization = ctx.header("Authorization");
    if (key == null && authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
      key = authorization.substring(7).strip();
    }
    Optional<IngestKeys.Grant> grant = keys.grantOf(key);
    if (grant.isEmpty()) {
      rejected(endpoint, "unauthorized", 1);
      ctx.header("WWW-Authenticate", "Bearer realm=\"lifeline-ingest\"");
      Problems.write(ctx, 401, "unauthorized", "Unauthorized", key == null || key.isEmpty()
          ? "ingest needs a key (INGEST_API_KEYS): send Authorization: Bearer <key> or X-Api-Key: <key>"
          : "this is not an ingest key", "Authorization");
    }
    return grant;
  }

  /** The {@code ce-*} headers of a binary-mode CloudEvent, by attribute name; empty in structured mode. */
  private static Map<String, String> ceAttributes(Context ctx) {
    Map<String, String> attributes = new TreeMap<>();
    ctx.headerMap().forEach((name, value) -> {
      String lower = name.toLowerCase(Locale.ROOT);
      if (lower.startsWith(CloudEventPulses.HEADER_PREFIX)) {
        attributes.put(lower.substring(CloudEventPulses.HEADER_PREFIX.length()), value);
      }
    });
    return attributes.containsKey("specversion") || attributes.containsKey("id") ? attributes : Map.of();
  }

  private void unavailable(Context ctx, IngestEndpoint endpoint, Throwable failure) {
    Throwable cause = failure instanceof CompletionException && failure.getCause() != null ? failure.getCause() : failure;
    rejected(endpoint, "kafka_unavailable", 1);
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

  private void rejected(IngestEndpoint endpoint, String reason, int items) {
    metrics.counter("lifeline.pulses.rejected", "endpoint", endpoint.path, "reason", reason).increment(items);
  }

  static String mediaType(String contentType) {
    if (contentType == null) {
      return "";
    }
    int semicolon = contentType.indexOf(';');
    return (semicolon < 0 ? contentType : contentType.substring(0, semicolon)).strip().toLowerCase(Locale.ROOT);
  }
}
