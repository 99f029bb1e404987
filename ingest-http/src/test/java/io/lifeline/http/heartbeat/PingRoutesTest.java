package io.lifeline.http.heartbeat;

import static io.lifeline.http.fakes.Edge.PING_KEY;
import static org.assertj.core.api.Assertions.assertThat;

import io.lifeline.heartbeat.CheckChanges;
import io.lifeline.http.fakes.Edge;
import io.lifeline.http.fakes.FakeChecks;
import io.lifeline.schemas.CheckDefinition;
import io.lifeline.schemas.PingKind;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The ping API over real HTTP against an in-memory replica and log: routing, classification, errors. */
class PingRoutesTest {

  private static final String UUID = "0f3a9a3c-1111-4222-8333-444455556666";
  private static final String POST_ONLY = "0f3a9a3c-1111-4222-8333-777788889999";

  private final FakeChecks checks = new FakeChecks()
      .with(check(UUID, "backup", "").build())
      .with(check(POST_ONLY, "strict", "POST").build());
  private final Edge edge = Edge.with(settings -> List.of(new PingRoutes(checks, checks,
      new CheckChanges(Clock.systemUTC(), PING_KEY), settings, new SimpleMeterRegistry())));

  @AfterEach
  void stop() {
    edge.close();
  }

  private static CheckDefinition.Builder check(String uuid, String slug, String methods) {
    Instant t = Instant.parse("2026-01-01T00:00:00Z");
    return CheckDefinition.newBuilder().setUuid(uuid).setName(slug).setSlug(slug).setMethods(methods)
        .setPingKey(PING_KEY).setCreatedAt(t).setUpdatedAt(t);
  }

  @Test
  void aPingIsAcknowledgedWithHealthchecksHeadersOnceWritten() {
    HttpResponse<String> ok = edge.get("/ping/" + UUID, null);
    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(ok.body()).isEqualTo("OK");
    assertThat(ok.headers().firstValue("Ping-Body-Limit")).contains("16");
    assertThat(ok.headers().firstValue("Access-Control-Allow-Origin")).contains("*");
    assertThat(checks.pings).singleElement().satisfies(p -> {
      assertThat(p.getKind()).isEqualTo(PingKind.SUCCESS);
      assertThat(p.getCheckUuid()).isEqualTo(UUID);
    });
    assertThat(checks.requestIds).singleElement().isEqualTo(ok.headers().firstValue("X-Request-Id").orElseThrow());
  }

  @Test
  void whatAPingMeansIsDecidedByTheRules() {
    edge.get("/ping/" + UUID + "/start", null);
    edge.get("/ping/" + UUID + "/0", null);
    edge.get("/ping/" + UUID + "/3", null);
    edge.get("/ping/" + UUID + "/fail", null);
    edge.get("/ping/" + UUID + "/log", null);
    edge.get("/ping/" + POST_ONLY, null);
    edge.post("/ping/" + POST_ONLY, null, "text/plain", "a body longer than sixteen bytes");
    assertThat(checks.pings).extracting(p -> p.getKind()).containsExactly(PingKind.START, PingKind.SUCCESS,
        PingKind.FAIL, PingKind.FAIL, PingKind.LOG, PingKind.IGNORED, PingKind.SUCCESS);
    assertThat(checks.pings.get(2).getExitStatus()).isEqualTo(3);
    assertThat(checks.pings.get(6).getBody()).isEqualTo("a body longer th");
  }

  @Test
  void badPathsAreClientErrorsAndWriteNothing() {
    assertThat(edge.get("/ping/" + UUID + "/256", null).statusCode()).isEqualTo(400);
    assertThat(edge.get("/ping/" + UUID + "?rid=not-a-uuid", null).statusCode()).isEqualTo(400);
    assertThat(edge.get("/ping/0f3a9a3c-0000-4222-8333-444455556666", null).statusCode()).isEqualTo(404);
    assertThat(edge.get("/ping/" + PING_KEY + "/no-such-slug", null).statusCode()).isEqualTo(404);
    assertThat(Edge.json(edge.get("/ping/" + UUID + "/256", null)).get("field").asText()).isEqualTo("exit_status");
    assertThat(checks.pings).isEmpty();
  }

  @Test
  void slugsResolveUnderThePingKeyAndCanProvision() {
    assertThat(edge.get("/ping/" + PING_KEY + "/backup", null).statusCode()).isEqualTo(200);
    assertThat(checks.pings).singleElement().satisfies(p -> assertThat(p.getCheckUuid()).isEqualTo(UUID));

    HttpResponse<String> created = edge.get("/ping/" + PING_KEY + "/nightly?create=1", null);
    assertThat(created.statusCode()).isEqualTo(201);
    assertThat(checks.bySlug(PING_KEY, "nightly")).hasSize(1);
    assertThat(checks.pings).hasSize(2);

    assertThat(edge.get("/ping/otherkey/fresh?create=1", null).statusCode()).as("only the project's ping key")
        .isEqualTo(404);
    checks.with(check("0f3a9a3c-1111-4222-8333-000000000000", "backup", "").build());
    assertThat(edge.get("/ping/" + PING_KEY + "/backup", null).statusCode()).isEqualTo(409);
  }

  @Test
  void withKafkaAwayThePingIsA503AndNotAcknowledged() {
    checks.kafkaDown(true);
    HttpResponse<String> refused = edge.get("/ping/" + UUID, null);
    assertThat(refused.statusCode()).isEqualTo(503);
    assertThat(refused.headers().firstValue("Retry-After")).isPresent();
    assertThat(Edge.json(refused).get("error").asText()).contains("Kafka");
    assertThat(checks.pings).isEmpty();
  }

  @Test
  void withTheBodyFilterTheBodysKeywordsDecideWhatThePingMeans() {
    String filtered = "0f3a9a3c-1111-4222-8333-aaaabbbbcccc";
    checks.with(check(filtered, "filtered", "").setFilterHttpBody(true).setFailureKw("BROKEN").setSuccessKw("fine")
        .build());
    edge.post("/ping/" + filtered, null, "text/plain", "job BROKEN at step 3");
    edge.post("/ping/" + filtered + "/fail", null, "text/plain", "all fine");
    edge.post("/ping/" + filtered, null, "text/plain", "no keyword here");
    edge.post("/ping/" + UUID, null, "text/plain", "job BROKEN, but this check has no filter");
    assertThat(checks.pings).extracting(p -> p.getKind())
        .containsExactly(PingKind.FAIL, PingKind.SUCCESS, PingKind.IGNORED, PingKind.SUCCESS);
    assertThat(checks.pings.get(0).getBody()).as("the first PING_BODY_LIMIT (16) bytes are kept and classified").isEqualTo("job BROKEN at st");
  }

  @Test
  void anUpperCaseSlugIsA400AsInHealthchecks() {
    HttpResponse<String> bad = edge.get("/ping/" + PING_KEY + "/Backup", null);
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(checks.pings).isEmpty();
  }

  @Test
  void aRidMustBeAUuid() {
    HttpResponse<String> bad = edge.get("/ping/" + UUID + "?rid=run-1", null);
    assertThat(bad.statusCode()).isEqualTo(400);
    assertThat(checks.pings).isEmpty();
  }
}
