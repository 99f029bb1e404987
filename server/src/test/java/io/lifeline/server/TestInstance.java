package io.lifeline.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A real Lifeline instance for integration tests: in this JVM, on a free port, against the given
 * broker, with its own data directory. Several may share one application id to form a cluster.
 */
public final class TestInstance implements AutoCloseable {

  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private final Lifeline lifeline;
  private final AtomicReference<Throwable> fatal = new AtomicReference<>();
  private final String base;

  private TestInstance(ServerConfig config) {
    this.lifeline = Lifeline.start(config, fatal::set);
    this.base = "http://localhost:" + lifeline.port();
  }

  /** Starts an instance and waits until it is ready. {@code env} overrides or adds variables. */
  public static TestInstance start(String bootstrapServers, Map<String, String> env) {
    TestInstance instance = new TestInstance(config(bootstrapServers, env));
    instance.awaitReady(Duration.ofSeconds(60));
    return instance;
  }

  public static ServerConfig config(String bootstrapServers, Map<String, String> env) {
    return ServerConfig.fromEnv(env(bootstrapServers, env));
  }

  /** The environment of a test instance: a free port, its own data directory, the test keys, then {@code env}. */
  public static Map<String, String> env(String bootstrapServers, Map<String, String> env) {
    Map<String, String> all = new HashMap<>();
    all.put("KAFKA_BOOTSTRAP_SERVERS", bootstrapServers);
    all.put("HTTP_PORT", String.valueOf(freePort()));
    all.put("DATA_DIR", tempDir().toString());
    all.put("TOPIC_PARTITIONS", "2");
    all.put("LIFELINE_API_KEY", "test-rw-key");
    all.put("LIFELINE_API_KEY_READONLY", "test-ro-key");
    all.putAll(env);
    return all;
  }

  public String base() {
    return base;
  }

  public Lifeline lifeline() {
    return lifeline;
  }

  public Throwable fatal() {
    return fatal.get();
  }

  public void awaitReady(Duration bound) {
    long deadline = System.nanoTime() + bound.toNanos();
    while (System.nanoTime() < deadline) {
      if (lifeline.readiness().status().ready()) {
        return;
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    }
    throw new AssertionError("not ready within " + bound + ": " + lifeline.readiness().status().waitingFor());
  }

  public HttpResponse<String> get(String path) {
    return send(HttpRequest.newBuilder(URI.create(base + path)).GET().build());
  }

  public HttpResponse<String> send(HttpRequest request) {
    try {
      return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  @Override
  public void close() {
    lifeline.close();
  }

  static int freePort() {
    try (java.net.ServerSocket socket = new java.net.ServerSocket(0)) {
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static Path tempDir() {
    try {
      return Files.createTempDirectory("lifeline-it");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
