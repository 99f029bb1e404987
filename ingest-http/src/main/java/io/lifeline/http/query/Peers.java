package io.lifeline.http.query;

import io.javalin.http.Context;
import io.lifeline.http.Edge;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.apache.kafka.streams.state.HostInfo;

/** HTTP to the other instances of the application: the same request, sent to another host. */
final class Peers {

  static final String LOCAL_ONLY = "X-Lifeline-Local";
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private final Edge edge;

  Peers(Edge edge) {
    this.edge = edge;
  }

  HostInfo self() {
    return new HostInfo(edge.config().advertisedHost(), edge.config().httpPort());
  }

  HttpResponse<String> forward(Context ctx, HostInfo host, boolean localOnly) {
    String query = ctx.queryString();
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(
            "http://" + host.host() + ":" + host.port() + ctx.path() + (query == null ? "" : "?" + query)))
        .timeout(Duration.ofSeconds(10))
        .method(ctx.method().name(), HttpRequest.BodyPublishers.ofByteArray(ctx.bodyAsBytes()));
    String key = ctx.header("X-Api-Key");
    if (key != null) {
      request.header("X-Api-Key", key);
    }
    if (localOnly) {
      request.header(LOCAL_ONLY, "1");
    }
    try {
      return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new StoreUnavailable("instance " + host + " did not answer: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StoreUnavailable("interrupted while asking " + host);
    }
  }
}
