package io.lifeline.http;

import static io.lifeline.http.fakes.Edge.PING_KEY;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import io.lifeline.heartbeat.CheckChanges;
import io.lifeline.http.fakes.Edge;
import io.lifeline.http.fakes.FakeChecks;
import io.lifeline.http.fakes.FakePulseSink;
import io.lifeline.http.heartbeat.PingRoutes;
import io.lifeline.http.metering.IngestKeys;
import io.lifeline.http.metering.IngestRoutes;
import io.lifeline.schemas.CheckDefinition;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The edge's own defences over a real socket: the framework's errors are JSON, never HTML, text or a
 * 5xx; broken framing and malformed query strings are 400s naming their cause; a slow request head or
 * body is cut off with a 408 instead of holding a connection and a thread.
 */
class EdgeHardeningTest {

  private static final String UUID = "0f3a9a3c-1111-4222-8333-444455556666";
  private static final String PULSE = "{\"tenant\":\"t\",\"sku\":\"s\",\"unit\":\"KB\",\"amount\":1}";
  private static final HttpLimits FAST = new HttpLimits(Duration.ofMillis(800), Duration.ofMillis(600), 1_000, 100, 8);

  private final FakeChecks checks = new FakeChecks().with(CheckDefinition.newBuilder().setUuid(UUID).setName("b")
      .setSlug("b").setPingKey(PING_KEY).setCreatedAt(Instant.EPOCH).setUpdatedAt(Instant.EPOCH).build());
  private final FakePulseSink sink = new FakePulseSink();
  private final Edge edge = Edge.with(FAST, settings -> List.of(
      new PingRoutes(checks, checks, new CheckChanges(Clock.systemUTC(), PING_KEY), settings, new SimpleMeterRegistry()),
      new IngestRoutes(sink, settings, IngestKeys.OPEN, new SimpleMeterRegistry(), Clock.systemUTC())));

  @AfterEach
  void stop() {
    edge.close();
  }

  @Test
  void anErrorStatusSetWithoutAJsonBodyIsFramedAsJson() {
    try (Edge bare = Edge.with(settings -> List.<RouteGroup>of(
        routes -> routes.get("/teapot", ctx -> ctx.status(418).result("short and stout"))))) {
      Edge.RawAnswer answer = bare.raw("GET /teapot HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n");
      assertThat(answer.status()).isEqualTo(418);
      assertThat(answer.headers().get("content-type")).startsWith("application/problem+json");
      assertThat(answer.json().get("detail").asText()).isEqualTo("short and stout");
    }
  }

  /**
   * An answer that completes after its request is gone (the client left, the edge stopped) must not
   * loop: an exception handler that touched the recycled request threw, Javalin queued another
   * exception task for that, and the thread completing the answer spun there for good.
   */
  @Test
  void anAnswerCompletedAfterItsRequestIsGoneEndsQuietly() throws Exception {
    CompletableFuture<Void> late = new CompletableFuture<>();
    CountDownLatch started = new CountDownLatch(1);
    Edge lagging = Edge.with(FAST, settings -> List.<RouteGroup>of(routes -> routes.get("/late", ctx -> {
      started.countDown();
      ctx.future(() -> late);
    })));
    try (Socket socket = new Socket("127.0.0.1", lagging.port())) {
      socket.getOutputStream().write("GET /late HTTP/1.1\r\nHost: t\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
      lagging.close();
    }
    assertTimeoutPreemptively(Duration.ofSeconds(5), () -> late.complete(null));
  }

  @Test
  void unknownRoutesAre404sInTheShapeOfTheirApi() {
    Edge.RawAnswer metering = edge.raw("GET /no/such/thing HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n");
    assertThat(metering.status()).isEqualTo(404);
    assertThat(metering.headers().get("content-type")).startsWith("application/problem+json");
    assertThat(metering.json().get("detail").asText()).contains("/no/such/thing");

    Edge.RawAnswer healthchecks = edge.raw("PUT /ping/" + UUID + " HTTP/1.1\r\nHost: t\r\nContent-Length: 0\r\n"
        + "Connection: close\r\n\r\n");
    assertThat(healthchecks.status()).isEqualTo(404);
    assertThat(healthchecks.headers().get("content-type")).startsWith("application/json");
    assertThat(healthchecks.json().get("error").asText()).contains("PUT");
  }

  @Test
  void jettysOwnErrorsAreJsonNotHtml() {
    Edge.RawAnswer tooLarge = edge.raw("GET /health HTTP/1.1\r\nHost: t\r\nX-Big: " + "a".repeat(20_000)
        + "\r\nConnection: close\r\n\r\n");
    assertThat(tooLarge.status()).isEqualTo(431);
    assertThat(tooLarge.headers().get("content-type")).startsWith("application/problem+json");
    assertThat(tooLarge.json().get("field").asText()).isEqualTo("headers");

    Edge.RawAnswer uriTooLong = edge.raw("GET /x?" + "q".repeat(20_000) + " HTTP/1.1\r\nHost: t\r\n\r\n");
    assertThat(uriTooLong.status()).isEqualTo(414);
    assertThat(uriTooLong.json().get("detail").asText()).isNotBlank();

    Edge.RawAnswer version = edge.raw("GET /x HTTP/9.9\r\nHost: t\r\nConnection: close\r\n\r\n");
    assertThat(version.status()).as("the client's fault: no 5xx").isEqualTo(400);
    assertThat(version.headers().get("content-type")).startsWith("application/problem+json");
  }

  @Test
  void aBadChunkSizeIsA400NotA500AndNothingIsWritten() {
    Edge.RawAnswer ping = edge.raw("POST /ping/" + UUID + " HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n"
        + "Connection: close\r\n\r\nzz\r\nhello\r\n0\r\n\r\n");
    assertThat(ping.status()).isEqualTo(400);
    assertThat(ping.json().get("error").asText()).isNotBlank();
    Edge.RawAnswer ingest = edge.raw("POST /api/v1/pulses HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\n"
        + "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\nzz\r\n" + PULSE + "\r\n0\r\n\r\n");
    assertThat(ingest.status()).isEqualTo(400);
    assertThat(ingest.headers().get("content-type")).startsWith("application/problem+json");
    assertThat(checks.pings).isEmpty();
    assertThat(sink.written).isEmpty();
  }

  @Test
  void aMalformedQueryStringIsRefusedNotDropped() {
    Edge.RawAnswer badRid = edge.raw("GET /ping/" + UUID + "?rid=%zz HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n");
    assertThat(badRid.status()).isEqualTo(400);
    assertThat(badRid.json().get("field").asText()).isEqualTo("rid");
    Edge.RawAnswer overlong = edge.raw("GET /ping/" + UUID + "?rid=%C0%AF HTTP/1.1\r\nHost: t\r\nConnection: close\r\n\r\n");
    assertThat(overlong.status()).isEqualTo(400);
    assertThat(checks.pings).as("the ping is not recorded without its run id").isEmpty();
  }

  @Test
  void aRequestHeadTrickledByteByByteIsCutOffWith408() throws Exception {
    try (Socket slow = new Socket("127.0.0.1", edge.port())) {
      slow.setSoTimeout(10_000);
      OutputStream out = slow.getOutputStream();
      byte[] head = ("GET /ping/" + UUID + " HTTP/1.1\r\nHost: t\r\nX-Slow: " + "a".repeat(100)).getBytes(StandardCharsets.US_ASCII);
      String answer = trickle(slow, out, head, 100);
      assertThat(answer).startsWith("HTTP/1.1 408 ").contains("application/problem+json").contains("HTTP_HEADER_TIMEOUT");
    }
    assertThat(checks.pings).isEmpty();
  }

  @Test
  void aBodyTrickledSlowerThanTheMinimumRateIsCutOffWith408AndNothingIsWritten() throws Exception {
    try (Socket slow = new Socket("127.0.0.1", edge.port())) {
      slow.setSoTimeout(10_000);
      OutputStream out = slow.getOutputStream();
      out.write(("POST /api/v1/pulses HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\nContent-Length: "
          + PULSE.length() + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
      String answer = trickle(slow, out, PULSE.getBytes(StandardCharsets.US_ASCII), 150);
      assertThat(answer).startsWith("HTTP/1.1 408 ").contains("HTTP_MIN_REQUEST_RATE");
    }
    assertThat(sink.written).isEmpty();
  }

  @Test
  void aBodyThatStopsArrivingIsA408OnTheIdleTimeout() throws Exception {
    try (Socket stalled = new Socket("127.0.0.1", edge.port())) {
      stalled.setSoTimeout(10_000);
      stalled.getOutputStream().write(("POST /api/v1/pulses HTTP/1.1\r\nHost: t\r\nContent-Type: application/json\r\n"
          + "Content-Length: 100\r\n\r\n{\"tenant\":").getBytes(StandardCharsets.US_ASCII));
      String answer = new String(stalled.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(answer).startsWith("HTTP/1.1 408 ").contains("application/problem+json");
    }
    assertThat(sink.written).isEmpty();
  }

  /** Sends one byte every {@code pauseMillis} until the server answers; returns the answer. */
  private static String trickle(Socket socket, OutputStream out, byte[] bytes, long pauseMillis) throws Exception {
    InputStream in = socket.getInputStream();
    ByteArrayOutputStream answer = new ByteArrayOutputStream();
    for (byte b : bytes) {
      if (in.available() > 0) {
        break;
      }
      try {
        out.write(b);
        out.flush();
      } catch (java.net.SocketException closed) {
        break;
      }
      Thread.sleep(pauseMillis);
    }
    answer.writeBytes(in.readAllBytes());
    return answer.toString(StandardCharsets.UTF_8);
  }
}
