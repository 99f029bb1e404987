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
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/** The real Javalin edge on a free loopback port, over whatever route groups a test gives it. */
public final class Edge implements AutoCloseable {

  public static final String RW = "rw-key";
  public static final String RO = "ro-key";
  public static final String PING_KEY = "pingkey";
  public static final String BADGE_KEY = "badge-secret";
  public static final ApiKeys KEYS = new ApiKeys(RW, RO, PING_KEY, BADGE_KEY);
  public static final ApiAuth AUTH = new ApiAuth(KEYS);
  public static final HttpSettings SETTINGS = new HttpSettings("127.0.0.1", 0, "http://lifeline.test",
      Duration.ofSeconds(1), 16, 64 * 1024, 0, Duration.ofDays(7));

  private static final HttpClient HTTP = HttpClient.newHttpClient();

  private final Javalin app;
  private final String base;

  private Edge(HttpSettings settings, HttpLimits limits, List<RouteGroup> groups) {
    app = HttpApp.create(settings, limits, new SimpleMeterRegistry(), groups).start();
    base = "http://127.0.0.1:" + app.port();
  }

  /** Starts the edge with route groups built from the shared settings. */
  public static Edge with(Function<HttpSettings, List<RouteGroup>> groups) {
    return with(HttpLimits.DEFAULTS, groups);
  }

  /** Starts the edge with other limits on slow and greedy clients. */
  public static Edge with(HttpLimits limits, Function<HttpSettings, List<RouteGroup>> groups) {
    return new Edge(SETTINGS, limits, groups.apply(SETTINGS));
  }

  /** Starts the edge with a larger body limit than the shared settings' 64 KiB. */
  public static Edge withBodyLimit(int bytes, Function<HttpSettings, List<RouteGroup>> groups) {
    HttpSettings settings = new HttpSettings(SETTINGS.host(), SETTINGS.port(), SETTINGS.publicBaseUrl(),
        SETTINGS.minPeriod(), SETTINGS.pingBodyLimit(), bytes, SETTINGS.ingestRateLimit(), SETTINGS.dedupRetention());
    return new Edge(settings, HttpLimits.DEFAULTS, groups.apply(settings));
  }

  public int port() {
    return app.port();
  }

  /** Sends bytes no proper client would send, then reads the answer until the server closes. */
  public RawAnswer raw(byte[] request) {
    try (Socket socket = new Socket("127.0.0.1", app.port())) {
      socket.setSoTimeout(10_000);
      socket.getOutputStream().write(request);
      return RawAnswer.of(socket.getInputStream().readAllBytes());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  public RawAnswer raw(String request) {
    return raw(request.getBytes(StandardCharsets.ISO_8859_1));
  }

  /** An answer as read off the socket: status, headers (lower-case names), body. */
  public record RawAnswer(int status, Map<String, String> headers, String body) {
    static RawAnswer of(byte[] bytes) {
      String text = new String(bytes, StandardCharsets.UTF_8);
      int end = text.indexOf("\r\n\r\n");
      String[] head = text.substring(0, end).split("\r\n");
      Map<String, String> headers = new TreeMap<>();
      for (int i = 1; i < head.length; i++) {
        int colon = head[i].indexOf(':');
        headers.put(head[i].substring(0, colon).strip().toLowerCase(Locale.ROOT), head[i].substring(colon + 1).strip());
      }
      return new RawAnswer(Integer.parseInt(head[0].split(" ")[1]), headers, text.substring(end + 4));
    }

    public JsonNode json() {
      try {
        return Json.MAPPER.readTree(body);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  public HttpResponse<String> get(String path, String key) {
    return send("GET", path, key, null, null);
  }

  public HttpResponse<String> post(String path, String key, String contentType, String body) {
    return send("POST", path, key, contentType, body);
  }

  public HttpResponse<String> send(String method, String path, String key, String contentType, String body) {
    return send(method, path, key == null ? null : "X-Api-Key", key, contentType, body);
  }

  /** A POST carrying {@code Authorization: <authorization>}. */
  public HttpResponse<String> postAuthorized(String path, String authorization, String contentType, String body) {
    return send("POST", path, "Authorization", authorization, contentType, body);
  }

  private HttpResponse<String> send(String method, String path, String keyHeader, String key, String contentType,
      String body) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (key != null) {
      b.header(keyHeader, key);
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
