package io.lifeline.query;

import io.lifeline.heartbeat.Numbered;
import io.lifeline.metering.UsageQuery;
import io.lifeline.ports.StoreUnavailable;
import io.lifeline.schemas.DeliveryAttempt;
import io.lifeline.schemas.Flip;
import io.lifeline.schemas.Ping;
import io.lifeline.schemas.UsageBatch;
import io.lifeline.schemas.internal.CheckState;
import io.lifeline.schemas.internal.UsageWindow;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import org.apache.kafka.streams.state.HostInfo;

/**
 * Asks another instance for its part of an answer, over the internal routes of {@link StateWire}. A
 * peer that cannot answer (it is not the owner any more, or its store is restoring) says 503, which
 * becomes {@link StoreUnavailable} here, so the caller looks the owner up again.
 */
final class PeerClient {

  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final String apiKey;

  PeerClient(String apiKey) {
    this.apiKey = apiKey;
  }

  CompletableFuture<Optional<CheckState>> checkState(HostInfo host, String uuid, Long version) {
    String query = version == null ? null : "version=" + version;
    return get(host, check(StateWire.CHECK, uuid), query, body -> StateWire.read(body, StateWire.STATES).stream().findFirst());
  }

  CompletableFuture<List<Numbered<Ping>>> pings(HostInfo host, String uuid) {
    return get(host, check(StateWire.PINGS, uuid), null, body -> StateWire.readNumbered(body, StateWire.PING));
  }

  CompletableFuture<List<Numbered<Flip>>> flips(HostInfo host, String uuid) {
    return get(host, check(StateWire.FLIPS, uuid), null, body -> StateWire.readNumbered(body, StateWire.FLIP));
  }

  CompletableFuture<List<CheckState>> checkStates(HostInfo host) {
    return get(host, StateWire.CHECKS, null, body -> StateWire.read(body, StateWire.STATES));
  }

  CompletableFuture<List<DeliveryAttempt>> checkDeliveries(HostInfo host, String uuid) {
    return get(host, check(StateWire.CHECK_DELIVERIES, uuid), null, body -> StateWire.read(body, StateWire.ATTEMPT));
  }

  CompletableFuture<List<DeliveryAttempt>> channelDeliveries(HostInfo host, String channelId) {
    return get(host, StateWire.CHANNEL_DELIVERIES.replace("{id}", channelId), null,
        body -> StateWire.read(body, StateWire.ATTEMPT));
  }

  CompletableFuture<List<UsageWindow>> usageWindows(HostInfo host, UsageQuery query) {
    return get(host, StateWire.WINDOWS, StateWire.windowsQuery(query), body -> StateWire.read(body, StateWire.WINDOW));
  }

  CompletableFuture<List<UsageWindow>> usageSeries(HostInfo host) {
    return get(host, StateWire.SERIES, null, body -> StateWire.read(body, StateWire.WINDOW));
  }

  CompletableFuture<List<UsageBatch>> batches(HostInfo host, String tenant, Instant from, Instant to) {
    return get(host, StateWire.BATCHES, StateWire.batchesQuery(tenant, from, to),
        body -> StateWire.read(body, StateWire.BATCH));
  }

  CompletableFuture<List<DeliveryAttempt>> sinkDeliveries(HostInfo host, String tenant, Instant from, Instant to) {
    return get(host, StateWire.SINK_DELIVERIES, StateWire.batchesQuery(tenant, from, to),
        body -> StateWire.read(body, StateWire.ATTEMPT));
  }

  private <T> CompletableFuture<T> get(HostInfo host, String path, String query, Function<byte[], T> decode) {
    URI uri = URI.create("http://" + host.host() + ":" + host.port() + path + (query == null ? "" : "?" + query));
    HttpRequest request = HttpRequest.newBuilder(uri).timeout(TIMEOUT).header("X-Api-Key", apiKey).GET().build();
    return http.sendAsync(request, HttpResponse.BodyHandlers.ofByteArray()).thenApply(answer -> {
      if (answer.statusCode() == 200) {
        return decode.apply(answer.body());
      }
      if (answer.statusCode() == 503) {
        throw new StoreUnavailable();
      }
      throw new IllegalStateException("peer " + host + " answered " + path + " with " + answer.statusCode());
    });
  }

  private static String check(String template, String uuid) {
    return template.replace("{uuid}", uuid);
  }
}
