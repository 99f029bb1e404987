package io.lifeline.it.heartbeat;

import com.fasterxml.jackson.databind.JsonNode;
import io.lifeline.http.Json;
import io.lifeline.server.TestInstance;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.function.Predicate;

/** A small HTTP client for the management APIs of one test instance. */
public final class Api {

  public static final String RW = "test-rw-key";
  public static final String RO = "test-ro-key";

  private final TestInstance instance;

  public Api(TestInstance instance) {
    this.instance = instance;
  }

  public HttpResponse<String> get(String path, String key) {
    return send("GET", path, key, null);
  }

  public HttpResponse<String> post(String path, String key, String json) {
    return send("POST", path, key, json);
  }

  public HttpResponse<String> send(String method, String path, String key, String body) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(instance.base() + path)).timeout(Duration.ofSeconds(20))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (key != null) {
      b.header("X-Api-Key", key);
    }
    if (body != null) {
      b.header("Content-Type", "application/json");
    }
    return instance.send(b.build());
  }

  public JsonNode create(String json) {
    HttpResponse<String> r = post("/api/v3/checks/", RW, json);
    if (r.statusCode() != 201) {
      throw new AssertionError("create answered " + r.statusCode() + ": " + r.body());
    }
    return json(r);
  }

  public JsonNode check(String uuid) {
    return json(get("/api/v3/checks/" + uuid, RW));
  }

  /** Polls a read until it satisfies the condition, bounded; returns the last answer. */
  public JsonNode poll(String path, Duration bound, Predicate<JsonNode> done) {
    long deadline = System.nanoTime() + bound.toNanos();
    JsonNode last = null;
    while (System.nanoTime() < deadline) {
      HttpResponse<String> r = get(path, RW);
      if (r.statusCode() == 200) {
        last = json(r);
        if (done.test(last)) {
          return last;
        }
      }
      try {
        Thread.sleep(10);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    return last;
  }

  public static JsonNode json(HttpResponse<String> r) {
    try {
      return Json.MAPPER.readTree(r.body());
    } catch (IOException e) {
      throw new UncheckedIOException(r.statusCode() + " " + r.body(), e);
    }
  }
}
