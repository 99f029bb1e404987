package io.lifeline.http;

import static io.lifeline.http.fakes.Edge.PING_KEY;
import static org.assertj.core.api.Assertions.assertThat;

import io.lifeline.heartbeat.CheckChanges;
import io.lifeline.http.fakes.Edge;
import io.lifeline.http.fakes.FakeChecks;
import io.lifeline.http.fakes.FakePulseSink;
import io.lifeline.http.heartbeat.PingRoutes;
import io.lifeline.http.metering.IngestKeys;
import io.lifeline.http.metering.IngestRoutes;
import io.lifeline.schemas.CheckDefinition;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The slow-client flood of issue 9 in small: a thousand connections trickle a request head or body,
 * one byte at a time. The edge keeps answering a normal client's pings and ingests, and cuts every
 * slow connection off with a 408. (The latency bar, p99 under 100 ms, is measured by
 * {@code scripts/bench flood} against a real server.)
 */
class SlowClientFloodTest {

  private static final String UUID = "0f3a9a3c-1111-4222-8333-444455556666";
  private static final String PULSE = "{\"tenant\":\"t\",\"sku\":\"s\",\"unit\":\"KB\",\"amount\":1}";
  private static final int SLOW = 1_000;

  private final FakeChecks checks = new FakeChecks().with(CheckDefinition.newBuilder().setUuid(UUID).setName("b")
      .setSlug("b").setPingKey(PING_KEY).setCreatedAt(Instant.EPOCH).setUpdatedAt(Instant.EPOCH).build());
  private final FakePulseSink sink = new FakePulseSink();
  private final Edge edge = Edge.with(new HttpLimits(Duration.ofSeconds(5), Duration.ofSeconds(1), 1_000, 5_000, 64),
      settings -> List.of(
          new PingRoutes(checks, checks, new CheckChanges(Clock.systemUTC(), PING_KEY), settings,
              new SimpleMeterRegistry()),
          new IngestRoutes(sink, settings, IngestKeys.OPEN, new SimpleMeterRegistry(), Clock.systemUTC())));
  private final List<Socket> slow = new ArrayList<>();

  @AfterEach
  void stop() throws IOException {
    for (Socket s : slow) {
      s.close();
    }
    edge.close();
  }

  @Test
  void aThousandTricklingClientsNeitherStallNormalRequestsNorStayConnected() throws Exception {
    List<byte[]> remaining = new ArrayList<>();
    for (int i = 0; i < SLOW; i++) {
      Socket socket = new Socket("127.0.0.1", edge.port());
      socket.setSoTimeout(15_000);
      slow.add(socket);
      if (i % 2 == 0) {
        socket.getOutputStream().write(ascii("GET /ping/" + UUID + " HTTP/1.1\r\nHost: t\r\n"));
        remaining.add(ascii("X-Slow: " + "a".repeat(200) + "\r\n\r\n"));
      } else {
        socket.getOutputStream().write(ascii("POST /api/v1/pulses HTTP/1.1\r\nHost: t\r\n"
            + "Content-Type: application/json\r\nContent-Length: " + (PULSE.length() + 200) + "\r\n\r\n"));
        remaining.add(ascii(PULSE + " ".repeat(200)));
      }
    }
    AtomicBoolean trickling = new AtomicBoolean(true);
    Thread trickler = new Thread(() -> trickle(remaining, trickling), "trickler");
    trickler.start();
    try {
      for (int i = 0; i < 200; i++) {
        assertThat(edge.get("/ping/" + UUID, null).statusCode()).isEqualTo(200);
        assertThat(edge.post("/api/v1/pulses", null, "application/json", PULSE).statusCode()).isEqualTo(202);
      }
      int cutOff = 0;
      for (Socket socket : slow) {
        String answer = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(answer).startsWith("HTTP/1.1 408 ").contains("application/problem+json");
        cutOff++;
      }
      assertThat(cutOff).isEqualTo(SLOW);
    } finally {
      trickling.set(false);
      trickler.join();
    }
    assertThat(checks.pings).hasSize(200);
    assertThat(sink.written).as("no trickled pulse was taken").hasSize(200);
  }

  /** One byte per connection per round, a round every 200 ms, until the server answers or closes. */
  private void trickle(List<byte[]> remaining, AtomicBoolean running) {
    int[] sent = new int[remaining.size()];
    boolean[] done = new boolean[remaining.size()];
    while (running.get()) {
      for (int i = 0; i < slow.size(); i++) {
        if (done[i]) {
          continue;
        }
        try {
          InputStream in = slow.get(i).getInputStream();
          if (in.available() > 0 || sent[i] == remaining.get(i).length) {
            done[i] = true;
            continue;
          }
          slow.get(i).getOutputStream().write(remaining.get(i)[sent[i]++]);
        } catch (IOException closed) {
          done[i] = true;
        }
      }
      try {
        Thread.sleep(200);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
