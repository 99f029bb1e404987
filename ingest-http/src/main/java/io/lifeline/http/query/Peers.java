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

/** HTTP to the other instances: the same method, path, query, body and API key as the request being answered. */
final class Peers {

  static final String FORWARDED = "X-Lifeline-Forwarded";
  static final String LOCAL_ONLY = "X-Lifeline-Local";
  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

  private final HostInfo self;

  Peers(Edge edge) {
    this.self = new HostInfo(edge.config().advertisedHost(), edge.config().httpPort());
  }

  boolean isSelf(HostInfo host) {
    return self.equals(host);
  }

  HttpResponse<String> send(HostInfo host, Context ctx, String marker) throws IOException, InterruptedException {
    String query = ctx.queryString() == null ? "" : "?" + ctx.queryString();
    HttpRequest.Builder request = HttpRequest.newBuilder(
            URI.create("http://" + host.host() + ":" + host.port() + ctx.path() + query))
        .timeout(Duration.ofSeconds(10))
        .header(marker, "1")
        .method(ctx.method().name(), HttpRequest.BodyPublishers.ofByteArray(ctx.bodyAsBytes()));
    for (String header : new String[] {"X-Api-Key", "Content-Type", "Accept", "X-Request-Id"}) {
      String value = ctx.header(header);
      if (value != null) {
        request.header(header, value);
      }
    }
    return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
  }
}
