package io.lifeline.tools;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The slow-client flood of issue 9: {@code --slow} connections each send one byte every
 * {@code --interval}, half of them a request head, half a pulse body after a complete head, while a
 * normal client sends a ping and an ingest at a steady pace and times every answer. Prints the normal
 * client's latencies and how the slow connections ended (408, another answer, or still open).
 */
@Command(name = "slow-flood", mixinStandardHelpOptions = true)
public final class SlowFlood implements Callable<Integer> {

  private static final String PULSE = "{\"tenant\":\"flood\",\"sku\":\"s\",\"unit\":\"u\",\"amount\":1}";

  @Option(names = "--host") String host = "127.0.0.1";
  @Option(names = "--port", required = true) int port;
  @Option(names = "--ping-path", required = true) String pingPath;
  @Option(names = "--slow") int slowCount = 1000;
  @Option(names = "--interval") Duration interval = Duration.ofSeconds(5);
  @Option(names = "--duration") Duration duration = Duration.ofSeconds(40);
  @Option(names = "--rate", description = "normal requests per second, pings and ingests each") int rate = 20;

  private final List<Socket> slow = new ArrayList<>();
  private final List<byte[]> rest = new ArrayList<>();

  public static void main(String[] args) {
    System.exit(new CommandLine(new SlowFlood()).execute(args));
  }

  @Override
  public Integer call() throws Exception {
    long start = System.nanoTime();
    for (int i = 0; i < slowCount; i++) {
      Socket socket = new Socket(host, port);
      socket.setSoTimeout(1_000);
      slow.add(socket);
      if (i % 2 == 0) {
        socket.getOutputStream().write(ascii("GET " + pingPath + " HTTP/1.1\r\nHost: flood\r\n"));
        rest.add(ascii("X-Slow: " + "a".repeat(4_000) + "\r\n\r\n"));
      } else {
        socket.getOutputStream().write(ascii("POST /api/v1/pulses HTTP/1.1\r\nHost: flood\r\nContent-Type: "
            + "application/json\r\nContent-Length: " + (PULSE.length() + 4_000) + "\r\n\r\n"));
        rest.add(ascii(PULSE + " ".repeat(4_000)));
      }
    }
    long[] endedAt = new long[slowCount];
    String[] endedWith = new String[slowCount];
    AtomicBoolean running = new AtomicBoolean(true);
    Thread trickler = new Thread(() -> trickle(running, endedAt, endedWith), "trickler");
    trickler.start();

    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    List<Double> pings = new ArrayList<>();
    List<Double> ingests = new ArrayList<>();
    int failed = 0;
    long pause = 1_000_000_000L / rate;
    long next = System.nanoTime();
    long end = start + duration.toNanos();
    while (System.nanoTime() < end) {
      failed += timed(http, HttpRequest.newBuilder(URI.create("http://" + host + ":" + port + pingPath)).GET(), 200, pings);
      failed += timed(http, HttpRequest.newBuilder(URI.create("http://" + host + ":" + port + "/api/v1/pulses"))
          .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(PULSE)), 202, ingests);
      next += pause;
      long sleep = next - System.nanoTime();
      if (sleep > 0) {
        Thread.sleep(sleep / 1_000_000, (int) (sleep % 1_000_000));
      }
    }
    running.set(false);
    trickler.join();

    int cut408 = 0;
    int cutOther = 0;
    List<Double> cutoffs = new ArrayList<>();
    for (int i = 0; i < slowCount; i++) {
      if (endedWith[i] == null) {
        continue;
      }
      if (endedWith[i].startsWith("HTTP/1.1 408")) {
        cut408++;
      } else {
        cutOther++;
      }
      cutoffs.add((endedAt[i] - start) / 1e9);
    }
    for (Socket s : slow) {
      s.close();
    }
    pings.sort(Double::compare);
    ingests.sort(Double::compare);
    cutoffs.sort(Double::compare);
    System.out.printf("slow=%d cut_408=%d cut_other=%d open_at_end=%d cutoff_p50_s=%.1f cutoff_max_s=%.1f "
            + "pings=%d ping_p50_ms=%.1f ping_p99_ms=%.1f ping_max_ms=%.1f ingests=%d ingest_p50_ms=%.1f "
            + "ingest_p99_ms=%.1f ingest_max_ms=%.1f failed=%d%n",
        slowCount, cut408, cutOther, slowCount - cut408 - cutOther, at(cutoffs, 0.5), at(cutoffs, 1.0), pings.size(),
        at(pings, 0.5), at(pings, 0.99), at(pings, 1.0), ingests.size(), at(ingests, 0.5), at(ingests, 0.99),
        at(ingests, 1.0), failed);
    return 0;
  }

  /** Sends one request; its latency in ms is added to {@code into}; returns 1 when it failed. */
  private static int timed(HttpClient http, HttpRequest.Builder request, int expected, List<Double> into) {
    long t0 = System.nanoTime();
    try {
      HttpResponse<String> answer = http.send(request.timeout(Duration.ofSeconds(10)).build(),
          HttpResponse.BodyHandlers.ofString());
      into.add((System.nanoTime() - t0) / 1e6);
      return answer.statusCode() == expected ? 0 : 1;
    } catch (IOException | InterruptedException e) {
      into.add((System.nanoTime() - t0) / 1e6);
      return 1;
    }
  }

  /** One byte per open slow connection every interval; every 100 ms, notes which ones were answered or closed. */
  private void trickle(AtomicBoolean running, long[] endedAt, String[] endedWith) {
    int[] sent = new int[slowCount];
    long nextByte = System.nanoTime();
    while (running.get()) {
      boolean byteNow = System.nanoTime() >= nextByte;
      for (int i = 0; i < slowCount; i++) {
        if (endedWith[i] != null) {
          continue;
        }
        try {
          InputStream in = slow.get(i).getInputStream();
          if (in.available() > 0) {
            endedWith[i] = new String(in.readNBytes(Math.min(in.available(), 64)), StandardCharsets.US_ASCII);
            endedAt[i] = System.nanoTime();
          } else if (byteNow && sent[i] < rest.get(i).length) {
            slow.get(i).getOutputStream().write(rest.get(i)[sent[i]++]);
          }
        } catch (IOException closed) {
          endedWith[i] = "closed without an answer";
          endedAt[i] = System.nanoTime();
        }
      }
      if (byteNow) {
        nextByte += interval.toNanos();
      }
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private static double at(List<Double> sorted, double p) {
    return sorted.isEmpty() ? -1 : sorted.get((int) Math.min(sorted.size() - 1, Math.max(0, Math.ceil(p * sorted.size()) - 1)));
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
