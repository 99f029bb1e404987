package io.lifeline.http.heartbeat;

import static io.lifeline.http.fakes.Edge.RO;
import static io.lifeline.http.fakes.Edge.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.lifeline.http.fakes.Edge;
import io.lifeline.http.fakes.FakeFlipFeed;
import io.lifeline.schemas.CheckStatus;
import io.lifeline.schemas.Flip;
import io.lifeline.schemas.FlipReason;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The live event stream over real HTTP: a key is needed, and each flip is one event as it happens. */
class EventRoutesTest {

  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final String UUID = "0f3a9a3c-1111-4222-8333-000000000001";

  private final FakeFlipFeed feed = new FakeFlipFeed();
  private final Edge edge = Edge.with(settings -> List.of(new EventRoutes(feed, Edge.AUTH)));

  @AfterEach
  void stop() {
    edge.close();
  }

  @Test
  void withoutAKeyTheStreamIsRefusedAndNobodyListens() {
    HttpResponse<String> refused = edge.get(EventRoutes.PATH, null);
    assertThat(refused.statusCode()).isEqualTo(401);
    assertThat(json(refused).get("field").asText()).isEqualTo("api_key");
    assertThat(feed.listeners()).isZero();
  }

  @Test
  void aClientThatDoesNotAcceptEventsIsToldSo() {
    HttpResponse<String> refused = edge.get(EventRoutes.PATH, RO);
    assertThat(refused.statusCode()).isEqualTo(406);
    assertThat(json(refused).get("field").asText()).isEqualTo("Accept");
    assertThat(feed.listeners()).isZero();
  }

  @Test
  void eachFlipIsOneEventCarryingTheCheckAndBothStatuses() throws Exception {
    HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + edge.port() + EventRoutes.PATH))
        .header("X-Api-Key", RO).header("Accept", "text/event-stream").build();
    HttpResponse<Stream<String>> stream = HTTP.sendAsync(request, HttpResponse.BodyHandlers.ofLines())
        .get(10, TimeUnit.SECONDS);
    assertThat(stream.statusCode()).isEqualTo(200);
    assertThat(stream.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v)
        .startsWith("text/event-stream"));
    Iterator<String> lines = stream.body().iterator();
    assertThat(lines.next()).isEqualTo("event: ready");

    feed.publish(Flip.newBuilder().setCheckUuid(UUID).setFrom(CheckStatus.UP).setTo(CheckStatus.DOWN)
        .setReason(FlipReason.TIMEOUT).setAt(Instant.parse("2026-03-01T10:00:00Z")).build());

    String flip = nextAfter(lines, "event: flip");
    assertThat(flip).isEqualTo("data: {\"uuid\":\"" + UUID + "\",\"from\":\"up\",\"to\":\"down\","
        + "\"reason\":\"timeout\",\"at\":\"2026-03-01T10:00:00+00:00\"}");
    stream.body().close();
  }

  private static String nextAfter(Iterator<String> lines, String marker) {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (System.nanoTime() < deadline && lines.hasNext()) {
      if (lines.next().equals(marker)) {
        return lines.next();
      }
    }
    throw new AssertionError("no line " + marker + " within 10 s");
  }
}
