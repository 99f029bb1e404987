package io.lifeline.http.fakes;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.Javalin;
import io.lifeline.http.ApiAuth;
import io.lifeline.http.ApiKeys;
import io.lifeline.http.HttpApp;
import io.lifeline.http.HttpLimits;
import io.lifeline.http.HttpSettings;
import io.lifeline.http.Json;
import io.lifeline.http.RouteGroup;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;

/** The real Javalin edge on a free loopback port, over whatever route groups a test gives it. */
public final class Edge implements AutoCloseable {

  public static final String RW = "rw-key";
  public static final String RO = "ro-key";
  public static final String PING_KEY = "pingkey";
  public static final ApiKeys KEYS = new ApiKeys(RW, RO, PING_KEY);
  public static final ApiAuth AUTH = new ApiAuth(KEYS);
  public static final HttpSettings SETTINGS = new HttpSettings("127.0.0.1", 0, "http://lifeline.test",
      Duration.ofSeconds(1), 16, 64 * 1024, 0, Duration.ofDays(7));

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private final Javalin app;
  private final String base;

  private Edge(List<RouteGroup> groups) {
    app = HttpApp.create(SETTINGS, HttpLimits.DEFAULTS, new SimpleMeterRegistry(), groups).start();
    base = "http://127.0.0.1:" + app.port();
  }

  /** Starts the edge with route groups built from the shared settings. */
  public static Edge with(Function<HttpSettings, List<RouteGroup>> groups) {
    return new Edge(groups.apply(SETTINGS));
  }

  public HttpResponse<String> get(String path, String key) {
    return send("GET", path, key, null, null);
  }

  public HttpResponse<String> post(String path, String key, String contentType, String body) {
    return send("POST", path, key, contentType, body);
  }

  public HttpResponse<String> send(String method, String path, String key, String contentType, String body) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (key != null) {
      b.header("X-Api-Key", key);
    }
    if (contentType != null) {
      b.header("Content-Type", contentType);
    }
    try {
      return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  public static JsonNode json(HttpResponse<String> response) {
    try {
      return Json.MAPPER.readTree(response.body());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public void close() {
    app.stop();
  }
}
