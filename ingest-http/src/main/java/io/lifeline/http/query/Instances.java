package io.lifeline.http.query;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.http.Context;
import io.lifeline.http.Edge;
import io.lifeline.http.Json;
import io.lifeline.http.RequestIds;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.apache.kafka.streams.state.HostInfo;

/** HTTP between Lifeline instances: the same request, re-asked of the instance that holds the data. */
final class Instances {

  static final String FORWARDED = "X-Lifeline-Forwarded";
  static final String LOCAL_ONLY = "X-Lifeline-Local";
  private static final List<String> PASSED_ON = List.of("X-Api-Key", "Content-Type", "Accept", RequestIds.HEADER);
  private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private static final Duration TIMEOUT = Duration.ofSeconds(10);

  private Instances() {}

  static HostInfo self(Edge edge) {
    return new HostInfo(edge.config().advertisedHost(), edge.config().httpPort());
  }

  static CompletableFuture<HttpResponse<byte[]>> ask(Context ctx, HostInfo host, String marker) {
    String query = ctx.queryString();
    URI uri = URI.create("http://" + host.host() + ":" + host.port() + ctx.path() + (query == null ? "" : "?" + query));
    HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(TIMEOUT).header(marker, "1")
        .method(ctx.method().name(), HttpRequest.BodyPublishers.ofByteArray(ctx.bodyAsBytes()));
    for (String header : PASSED_ON) {
      String value = ctx.header(header);
      if (value != null) {
        request.header(header, value);
      }
    }
    return CLIENT.sendAsync(request.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  static JsonNode json(HostInfo host, HttpResponse<byte[]> response) {
    if (response.statusCode() != 200) {
      throw new StoreUnavailable("instance " + host + " answered " + response.statusCode());
    }
    try {
      return Json.MAPPER.readTree(response.body());
    } catch (IOException e) {
      throw new StoreUnavailable("instance " + host + " answered unreadable JSON");
    }
  }
}
