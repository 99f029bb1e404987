package io.lifeline.it.heartbeat;

import static io.lifeline.it.heartbeat.Api.RO;
import static io.lifeline.it.heartbeat.Api.RW;
import static io.lifeline.it.heartbeat.Api.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.lifeline.it.metering.TopicReader;
import io.lifeline.schemas.Alert;
import io.lifeline.schemas.AlertStatus;
import io.lifeline.schemas.Topics;
import io.lifeline.server.TestInstance;
import io.lifeline.testkit.KafkaBroker;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What healthchecks.io users asked for, end to end against a real broker: the failure threshold, the
 * timed pause and badges; and the exact requests of the Python {@code healthchecks-io} client
 * (py-healthchecks.io 0.4.4: its paths, headers and bodies, API v1 by default), with the fields its
 * models require in the answers.
 */
class HealthchecksParityIT {

  @RegisterExtension static final KafkaBroker KAFKA = new KafkaBroker();
  private static final String PING_KEY = "parity-ping-key";
  /** The headers every request of the Python client carries. */
  private static final String USER_AGENT = "py-healthchecks.io/0.4.4";

  static TestInstance lifeline;
  static Api api;

  @BeforeAll
  static void start() {
    lifeline = TestInstance.start(KAFKA.bootstrapServers(), Map.of("LIFELINE_PING_KEY", PING_KEY,
        "DEADLINE_CHECK_INTERVAL", "PT0.2S"));
    api = new Api(lifeline);
  }

  @AfterAll
  static void stop() {
    lifeline.close();
  }

  private static HttpResponse<String> client(String method, String path, String body) {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(lifeline.base() + path)).timeout(Duration.ofSeconds(20))
        .header("X-Api-Key", RW).header("User-Agent", USER_AGENT).header("Content-Type", "application/json")
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    return lifeline.send(b.build());
  }

  /** The fields {@code healthchecks_io.schemas.Check} requires, with the types it requires. */
  private static void isAClientCheck(JsonNode check) {
    assertThat(check.get("name").isTextual()).isTrue();
    assertThat(check.get("slug").isTextual()).isTrue();
    assertThat(check.get("grace").isIntegralNumber()).isTrue();
    assertThat(check.get("n_pings").isIntegralNumber()).isTrue();
    assertThat(check.get("status").isTextual()).isTrue();
    assertThat(check.get("manual_resume").isBoolean()).isTrue();
  }

  @Test
  void thePythonClientsCallsWorkUnmodified() {
    String body = "{\"name\": \"py backup\", \"tags\": \"py prod\", \"desc\": \"\", \"timeout\": 86400, \"grace\": 3600,"
        + " \"tz\": \"UTC\", \"manual_resume\": false, \"methods\": \"\", \"unique\": []}";
    HttpResponse<String> created = client("POST", "/api/v1/checks/", body);
    assertThat(created.statusCode()).isEqualTo(201);
    JsonNode check = json(created);
    isAClientCheck(check);
    assertThat(check.get("slug").asText()).as("API v1 derives the slug").isEqualTo("py-backup");
    String uuid = check.get("uuid").asText();
    assertThat(check.get("ping_url").asText()).endsWith("/ping/" + uuid);

    String pingBase = lifeline.base() + "/ping/";
    assertThat(ping(pingBase + uuid + "/start", "starting").statusCode()).isEqualTo(200);
    assertThat(ping(pingBase + uuid, "done").body()).isEqualTo("OK");
    assertThat(ping(pingBase + uuid + "/fail", "boom").statusCode()).isEqualTo(200);
    assertThat(ping(pingBase + uuid + "/0", "").statusCode()).isEqualTo(200);
    assertThat(ping(pingBase + PING_KEY + "/py-backup/start", "").statusCode()).as("by slug").isEqualTo(200);

    JsonNode listed = json(client("GET", "/api/v1/checks/?tag=py", null));
    assertThat(listed.get("checks")).singleElement().satisfies(HealthchecksParityIT::isAClientCheck);
    isAClientCheck(json(client("GET", "/api/v1/checks/" + uuid, null)));

    JsonNode updated = json(client("POST", "/api/v1/checks/" + uuid, "{\"name\": \"py backup 2\"}"));
    assertThat(updated.get("name").asText()).isEqualTo("py backup 2");

    JsonNode pings = api.poll("/api/v1/checks/" + uuid + "/pings/", Duration.ofSeconds(10), p -> p.get("pings").size() == 5);
    for (JsonNode p : pings.get("pings")) {
      for (String field : List.of("type", "date", "n", "scheme", "remote_addr", "method", "ua")) {
        assertThat(p.hasNonNull(field)).as("CheckPings needs %s", field).isTrue();
      }
    }
    assertThat(pings.get("pings").get(3).get("type").asText()).isEqualTo("success");
    assertThat(pings.get("pings").get(3).get("duration").isNumber()).as("start then success").isTrue();

    JsonNode channels = json(client("GET", "/api/v1/channels/", null));
    assertThat(channels.get("channels").isArray()).isTrue();
    JsonNode badges = json(client("GET", "/api/v1/badges/", null)).get("badges");
    for (String tag : List.of("*", "py", "prod")) {
      for (String format : List.of("svg", "svg3", "json", "json3", "shields", "shields3")) {
        assertThat(badges.get(tag).get(format).isTextual()).as("Badges needs %s.%s", tag, format).isTrue();
      }
    }

    HttpResponse<String> paused = client("POST", "/api/v1/checks/" + uuid + "/pause", "");
    assertThat(paused.statusCode()).isEqualTo(200);
    assertThat(json(paused).get("status").asText()).isEqualTo("paused");
    HttpResponse<String> deleted = client("DELETE", "/api/v1/checks/" + uuid, null);
    assertThat(deleted.statusCode()).isEqualTo(200);
    isAClientCheck(json(deleted));
    assertThat(client("GET", "/api/v1/checks/" + uuid, null).statusCode()).isEqualTo(404);
  }

  /** {@code success_ping} and its kin: a POST of the log text to the ping URL. */
  private static HttpResponse<String> ping(String url, String data) {
    return lifeline.send(HttpRequest.newBuilder(URI.create(url)).header("User-Agent", USER_AGENT)
        .POST(HttpRequest.BodyPublishers.ofString(data)).timeout(Duration.ofSeconds(20)).build());
  }

  @Test
  void aFailureThresholdGoesDownOnceAfterThatManyMissedDeadlinesAndSaysHowMany() {
    JsonNode check = api.create("{\"name\":\"flaky\",\"timeout\":1,\"grace\":1,\"failure_threshold\":2}");
    String uuid = check.get("uuid").asText();
    assertThat(check.get("failure_threshold").asInt()).isEqualTo(2);
    api.get("/ping/" + uuid, null);
    JsonNode flips = api.poll("/api/v3/checks/" + uuid + "/flips/", Duration.ofSeconds(20),
        f -> StreamSupport.stream(f.get("flips").spliterator(), false).anyMatch(x -> x.get("to").asText().equals("down")));
    JsonNode down = flips.get("flips").get(0);
    assertThat(down.get("to").asText()).isEqualTo("down");
    assertThat(down.get("failures").asInt()).isEqualTo(2);
    assertThat(flips.get("flips")).as("up, then down after the second miss only").hasSize(2);
    assertThat(committedAlerts(uuid)).singleElement().satisfies(a -> {
      assertThat(a.getStatus()).isEqualTo(AlertStatus.DOWN);
      assertThat(a.getFailures()).isEqualTo(2);
    });
  }

  /**
   * The check's alerts once the monitor's transaction that wrote them is committed: the flips API reads
   * the monitor's store, which shows the flip before the commit (every 100 ms) makes the alert readable.
   */
  private static List<Alert> committedAlerts(String uuid) {
    long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    List<Alert> alerts = List.of();
    while (alerts.isEmpty() && System.nanoTime() < deadline) {
      alerts = TopicReader.readAll(KAFKA.bootstrapServers(), Topics.HEARTBEAT_ALERTS).stream()
          .map(r -> r.value()).filter(a -> a.getCheckUuid().equals(uuid)).toList();
    }
    return alerts;
  }

  @Test
  void aTimedPauseResumesByItselfAsNew() {
    String uuid = api.create("{\"name\":\"maintenance\",\"timeout\":60,\"grace\":60}").get("uuid").asText();
    api.get("/ping/" + uuid, null);
    api.poll("/api/v3/checks/" + uuid, Duration.ofSeconds(10), c -> c.get("status").asText().equals("up"));
    Instant until = Instant.now().plusSeconds(2).truncatedTo(ChronoUnit.SECONDS).plusSeconds(1);
    JsonNode paused = json(api.post("/api/v3/checks/" + uuid + "/pause", RW, "{\"until\":\"" + until + "\"}"));
    assertThat(paused.get("status").asText()).isEqualTo("paused");
    assertThat(paused.get("paused_until").asText()).isEqualTo(until.toString().replace("Z", "+00:00"));
    JsonNode flips = api.poll("/api/v3/checks/" + uuid + "/flips/", Duration.ofSeconds(20),
        f -> f.get("flips").get(0).get("to").asText().equals("new"));
    assertThat(flips.get("flips").get(0).get("reason").asText()).isEqualTo("resume");
    assertThat(flips.get("flips").get(0).get("timestamp").asText()).isEqualTo(until.toString().replace("Z", "+00:00"));
    JsonNode resumed = api.check(uuid);
    assertThat(resumed.get("status").asText()).isEqualTo("new");
    assertThat(resumed.get("paused_until").isNull()).isTrue();
    assertThat(resumed.get("last_ping").isNull()).isTrue();
  }

  @Test
  void badgesAreServedWithoutAKeyFromTheUrlsTheApiGives() {
    JsonNode check = api.create("{\"name\":\"badged\",\"tags\":\"public-site\",\"timeout\":60,\"grace\":60}");
    String uuid = check.get("uuid").asText();
    api.get("/ping/" + uuid, null);
    api.poll("/api/v3/checks/" + uuid, Duration.ofSeconds(10), c -> c.get("status").asText().equals("up"));
    JsonNode tag = json(api.get("/api/v3/badges/", RO)).get("badges").get("public-site");
    HttpResponse<String> shields = lifeline.send(HttpRequest.newBuilder(URI.create(tag.get("shields").asText())).build());
    assertThat(shields.statusCode()).isEqualTo(200);
    assertThat(json(shields).get("message").asText()).isEqualTo("up");
    HttpResponse<String> svg = lifeline.send(HttpRequest.newBuilder(URI.create(check.get("badge_url").asText())).build());
    assertThat(svg.headers().firstValue("Content-Type").orElseThrow()).startsWith("image/svg+xml");
    assertThat(svg.body()).contains(">badged<").contains(">up<");
  }
}
