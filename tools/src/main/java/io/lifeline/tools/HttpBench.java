package io.lifeline.tools;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * A small keep-alive HTTP/1.1 load client on raw sockets, so the client costs little of the two
 * cores it shares with the server. Each connection sends pre-built requests back to back (max rate)
 * or on a fixed schedule ({@code --rate}); latency is measured from the scheduled send time, so a
 * stall is not hidden (no coordinated omission). Prints one line of {@code key=value} figures.
 */
@Command(name = "http-bench", mixinStandardHelpOptions = true, description = "Keep-alive HTTP load for Lifeline's ingest endpoints and pings.")
public final class HttpBench implements Runnable {

  enum Mode { SINGLE, NDJSON, CLOUDEVENTS, PING }

  @Option(names = "--host") String host = "127.0.0.1";
  @Option(names = "--port", required = true) int port;
  @Option(names = "--mode", description = "SINGLE (/ingest), NDJSON or CLOUDEVENTS (batch), PING (GET --path)") Mode mode = Mode.SINGLE;
  @Option(names = "--path", description = "the ping URL path, for PING") String pingPath = "/ping/unknown";
  @Option(names = "--batch", description = "pulses per request in batch modes") int batch = 1000;
  @Option(names = "--connections") int connections = 16;
  @Option(names = "--duration") Duration duration = Duration.ofSeconds(10);
  @Option(names = "--warmup") Duration warmup = Duration.ofSeconds(2);
  @Option(names = "--rate", description = "requests per second over all connections; 0: as fast as possible") double rate = 0;

  /** What one connection did: answers, latencies, and how many times each of the requests was accepted. */
  record Result(long ok, long failed, long[] latenciesNanos, long[] acceptedPerRequest) {}

  public static void main(String[] args) {
    System.exit(new CommandLine(new HttpBench()).execute(args));
  }

  @Override
  public void run() {
    byte[][] requests = requests();
    if (!warmup.isZero()) {
      runFor(requests, warmup);
    }
    long started = System.nanoTime();
    List<Result> results = runFor(requests, duration);
    double seconds = (System.nanoTime() - started) / 1e9;
    long ok = results.stream().mapToLong(Result::ok).sum();
    long failed = results.stream().mapToLong(Result::failed).sum();
    long[] all = results.stream().flatMapToLong(r -> Arrays.stream(r.latenciesNanos())).sorted().toArray();
    int perRequest = mode == Mode.SINGLE || mode == Mode.PING ? 1 : batch;
    System.out.printf("requests=%d ok=%d failed=%d seconds=%.2f rps=%.0f pulses_per_s=%.0f p50_ms=%.2f p99_ms=%.2f max_ms=%.2f%n",
        ok + failed, ok, failed, seconds, ok / seconds, ok * perRequest / seconds,
        percentile(all, 0.50), percentile(all, 0.99), all.length == 0 ? 0 : all[all.length - 1] / 1e6);
  }

  /** Sends {@code requests} in turn on every connection for {@code length}, at {@code rate} if set. */
  List<Result> runFor(byte[][] requests, Duration length) {
    long end = System.nanoTime() + length.toNanos();
    List<Thread> threads = new ArrayList<>();
    List<Result> results = java.util.Collections.synchronizedList(new ArrayList<>());
    for (int c = 0; c < connections; c++) {
      Thread t = new Thread(() -> results.add(connection(requests, end)), "bench-" + c);
      threads.add(t);
      t.start();
    }
    for (Thread t : threads) {
      try {
        t.join();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    return results;
  }

  private Result connection(byte[][] requests, long end) {
    long ok = 0;
    long failed = 0;
    long[] accepted = new long[requests.length];
    long[] latencies = new long[1 << 16];
    int recorded = 0;
    double interval = rate > 0 ? connections / rate * 1e9 : 0;
    long scheduled = System.nanoTime() + (long) (ThreadLocalRandom.current().nextDouble() * interval);
    byte[] buffer = new byte[64 * 1024];
    Socket socket = null;
    InputStream in = null;
    int i = 0;
    while (System.nanoTime() < end) {
      try {
        if (socket == null) {
          socket = new Socket(host, port);
          socket.setTcpNoDelay(true);
          in = new BufferedInputStream(socket.getInputStream(), 64 * 1024);
        }
        if (interval > 0) {
          long wait = scheduled - System.nanoTime();
          if (wait > 0) {
            TimeUnit.NANOSECONDS.sleep(wait);
          }
        } else {
          scheduled = System.nanoTime();
        }
        OutputStream out = socket.getOutputStream();
        int sent = i++ % requests.length;
        out.write(requests[sent]);
        out.flush();
        int status = readResponse(in, buffer);
        if (status >= 200 && status < 300) {
          ok++;
          accepted[sent]++;
        } else {
          failed++;
        }
        if (recorded == latencies.length) {
          latencies = Arrays.copyOf(latencies, recorded * 2);
        }
        latencies[recorded++] = System.nanoTime() - scheduled;
        scheduled += (long) interval;
      } catch (IOException e) {
        failed++;
        close(socket);
        socket = null;
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    }
    close(socket);
    return new Result(ok, failed, Arrays.copyOf(latencies, recorded), accepted);
  }

  /** Reads one response (Content-Length or chunked) and returns its status. */
  private static int readResponse(InputStream in, byte[] buffer) throws IOException {
    StringBuilder head = new StringBuilder();
    int b;
    while ((b = in.read()) >= 0) {
      head.append((char) b);
      if (head.length() >= 4 && head.charAt(head.length() - 1) == '\n' && head.charAt(head.length() - 2) == '\r'
          && head.charAt(head.length() - 3) == '\n') {
        break;
      }
    }
    if (b < 0) {
      throw new IOException("connection closed");
    }
    String headers = head.toString().toLowerCase();
    int status = Integer.parseInt(headers.substring(9, 12));
    int lengthAt = headers.indexOf("content-length:");
    if (lengthAt >= 0) {
      int length = Integer.parseInt(headers.substring(lengthAt + 15, headers.indexOf('\r', lengthAt)).strip());
      skip(in, length, buffer);
    } else if (headers.contains("transfer-encoding: chunked")) {
      while (true) {
        String size = line(in);
        int chunk = Integer.parseInt(size.strip(), 16);
        skip(in, chunk + 2, buffer);
        if (chunk == 0) {
          break;
        }
      }
    }
    return status;
  }

  private static String line(InputStream in) throws IOException {
    StringBuilder s = new StringBuilder();
    int b;
    while ((b = in.read()) >= 0 && b != '\n') {
      if (b != '\r') {
        s.append((char) b);
      }
    }
    return s.toString();
  }

  private static void skip(InputStream in, int length, byte[] buffer) throws IOException {
    int left = length;
    while (left > 0) {
      int n = in.read(buffer, 0, Math.min(buffer.length, left));
      if (n < 0) {
        throw new IOException("connection closed");
      }
      left -= n;
    }
  }

  private byte[][] requests() {
    byte[][] requests = new byte[8][];
    if (mode == Mode.PING) {
      byte[] get = ("GET " + pingPath + " HTTP/1.1\r\nHost: " + host + ":" + port + "\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII);
      Arrays.fill(requests, get);
      return requests;
    }
    for (int r = 0; r < requests.length; r++) {
      String path;
      String type;
      StringBuilder body = new StringBuilder();
      ThreadLocalRandom random = ThreadLocalRandom.current();
      switch (mode) {
        case SINGLE -> {
          path = "/ingest";
          type = "application/json";
          body.append("{\"tenant_id\":\"tenant-").append(r).append("\",\"product_sku\":\"SKU-77\",\"used_amount\":")
              .append(random.nextInt(1000)).append(".5,\"use_unity\":\"KB\"}");
        }
        case NDJSON -> {
          path = "/api/v1/pulses";
          type = "application/x-ndjson";
          for (int i = 0; i < batch; i++) {
            body.append("{\"tenant\":\"tenant-").append(i % 50).append("\",\"sku\":\"SKU-").append(i % 7)
                .append("\",\"amount\":").append(random.nextInt(1000)).append(".125,\"unit\":\"KB\"}\n");
          }
        }
        default -> {
          path = "/api/v1/events";
          type = "application/cloudevents-batch+json";
          body.append('[');
          for (int i = 0; i < batch; i++) {
            body.append(i == 0 ? "" : ",").append("{\"specversion\":\"1.0\",\"id\":\"").append(java.util.UUID.randomUUID())
                .append("\",\"source\":\"/bench\",\"type\":\"usage\",\"subject\":\"tenant-").append(i % 50)
                .append("\",\"data\":{\"sku\":\"SKU-").append(i % 7).append("\",\"amount\":\"")
                .append(random.nextInt(1000)).append(".125\",\"unit\":\"KB\"}}");
          }
          body.append(']');
        }
      }
      byte[] content = body.toString().getBytes(StandardCharsets.UTF_8);
      byte[] head = ("POST " + path + " HTTP/1.1\r\nHost: " + host + ":" + port + "\r\nContent-Type: " + type
          + "\r\nContent-Length: " + content.length + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII);
      byte[] request = Arrays.copyOf(head, head.length + content.length);
      System.arraycopy(content, 0, request, head.length, content.length);
      requests[r] = request;
    }
    return requests;
  }

  static double percentile(long[] sorted, double p) {
    if (sorted.length == 0) {
      return 0;
    }
    return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)] / 1e6;
  }

  private static void close(Socket socket) {
    if (socket != null) {
      try {
        socket.close();
      } catch (IOException ignored) {
        // closing after a failure
      }
    }
  }
}
