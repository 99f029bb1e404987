package io.lifeline.testkit;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * A real HTTP server on loopback standing in for a webhook, Slack, Telegram, ntfy or the billing
 * sink: it records every request and answers with the status a test chooses, per request.
 */
public final class Receiver implements AutoCloseable {

  /** One request as received; header names are matched without regard to case. */
  public record Request(String method, String path, Map<String, List<String>> headers, String body) {
    public String header(String name) {
      return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
          .map(e -> e.getValue().get(0)).findFirst().orElse(null);
    }
  }

  private final HttpServer server;
  private final ExecutorService threads = Executors.newCachedThreadPool();
  private final List<Request> requests = new ArrayList<>();
  private volatile Function<Request, Integer> answer = r -> 200;

  private Receiver() {
    try {
      server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 50);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.setExecutor(threads);
    server.createContext("/", this::handle);
    server.start();
  }

  public static Receiver start() {
    return new Receiver();
  }

  /** {@code http://127.0.0.1:<port><path>} */
  public String url(String path) {
    return "http://127.0.0.1:" + server.getAddress().getPort() + path;
  }

  /** How to answer each request from now on: a status; the function may block to play a slow target. */
  public void answer(Function<Request, Integer> answer) {
    this.answer = answer;
  }

  public synchronized List<Request> requests() {
    return List.copyOf(requests);
  }

  /** Waits, up to {@code bound}, until {@code count} recorded requests match; returns those that match. */
  public synchronized List<Request> await(Predicate<Request> which, int count, Duration bound) {
    long deadline = System.nanoTime() + bound.toNanos();
    try {
      while (true) {
        List<Request> matching = requests.stream().filter(which).toList();
        long left = deadline - System.nanoTime();
        if (matching.size() >= count || left <= 0) {
          return matching;
        }
        wait(Math.max(1, left / 1_000_000));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private void handle(HttpExchange exchange) throws IOException {
    Request request = new Request(exchange.getRequestMethod(), exchange.getRequestURI().toString(),
        Map.copyOf(exchange.getRequestHeaders()),
        new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
    synchronized (this) {
      requests.add(request);
      notifyAll();
    }
    int status = answer.apply(request);
    byte[] body = (status < 300 ? "ok" : "error " + status).getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(status, body.length);
    exchange.getResponseBody().write(body);
    exchange.close();
  }

  @Override
  public void close() {
    server.stop(0);
    threads.shutdownNow();
  }
}
