package io.lifeline.http.delivery;

import static io.lifeline.http.fakes.Edge.RO;
import static io.lifeline.http.fakes.Edge.RW;
import static io.lifeline.http.fakes.Edge.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.lifeline.http.fakes.Edge;
import io.lifeline.http.fakes.FakeChannels;
import io.lifeline.http.fakes.FakeChecks;
import io.lifeline.heartbeat.CheckChanges;
import io.lifeline.http.fakes.FakeStates;
import io.lifeline.schemas.ChannelDefinition;
import io.lifeline.schemas.CheckDefinition;
import io.lifeline.schemas.DeliveryAttempt;
import io.lifeline.schemas.DeliveryOutcome;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The channels API over real HTTP against in-memory ports: hc's shapes, validation naming the field, masking, tests, logs. */
class ChannelRoutesTest {

  private static final String JSON = "application/json";
  private static final String CHECK = "0f3a9a3c-1111-4222-8333-444455556666";
  private static final Instant T = Instant.parse("2026-01-01T00:00:00Z");

  private final FakeChannels channels = new FakeChannels();
  private final FakeChecks checks = new FakeChecks().with(CheckDefinition.newBuilder().setUuid(CHECK).setName("backup")
      .setCreatedAt(T).setUpdatedAt(T).build());
  private final FakeStates states = new FakeStates();
  private final Edge edge = Edge.with(settings -> List.of(
      new ChannelRoutes(channels, channels, channels, checks, checks, new CheckChanges(Clock.systemUTC(), "ping-key"), states,
          Edge.AUTH, Clock.systemUTC())));

  @AfterEach
  void stop() {
    edge.close();
  }

  private String create(String body) {
    HttpResponse<String> created = edge.post("/api/v3/channels/", RW, JSON, body);
    assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
    return json(created).get("id").asText();
  }

  @Test
  void createAnswers201WithIdNameAndKindAndTheListHasHcsFields() {
    String id = create("{\"name\":\"ops\",\"kind\":\"webhook\",\"config\":{\"url\":\"https://hooks.example.com/x\","
        + "\"method\":\"put\",\"headers\":{\"X-Token\":\"s3cret\"},\"body_down\":\"$NAME is $STATUS\"}}");
    JsonNode list = json(edge.get("/api/v1/channels/", RW)).get("channels");
    assertThat(list).hasSize(1);
    assertThat(list.get(0).get("id").asText()).isEqualTo(id);
    assertThat(list.get(0).get("name").asText()).isEqualTo("ops");
    assertThat(list.get(0).get("kind").asText()).isEqualTo("webhook");
    ChannelDefinition saved = channels.byId(id).orElseThrow();
    assertThat(saved.getConfig()).containsEntry("method", "PUT").containsEntry("body_down", "$NAME is $STATUS");
    assertThat(saved.getHeaders()).containsEntry("X-Token", "s3cret");
  }

  @Test
  void aBadOrMissingConfigFieldIsA400NamingItAndNothingIsWritten() {
    assertField("{\"name\":\"x\",\"kind\":\"webhook\",\"config\":{}}", "config.url");
    assertField("{\"name\":\"x\",\"kind\":\"webhook\",\"config\":{\"url\":\"ftp://a.example\"}}", "config.url");
    assertField("{\"name\":\"x\",\"kind\":\"webhook\",\"config\":{\"url\":\"https://a.example\",\"method\":\"DELETE\"}}",
        "config.method");
    assertField("{\"name\":\"x\",\"kind\":\"webhook\",\"config\":{\"url\":\"https://a.example\",\"headers\":{\"Host\":\"b\"}}}",
        "config.headers");
    assertField("{\"name\":\"x\",\"kind\":\"telegram\",\"config\":{\"chat_id\":\"42\"}}", "config.bot_token");
    assertField("{\"name\":\"x\",\"kind\":\"telegram\",\"config\":{\"bot_token\":\"123:abcdefghijklmn\",\"chat_id\":\"x y\"}}",
        "config.chat_id");
    assertField("{\"name\":\"x\",\"kind\":\"email\",\"config\":{\"to\":\"not-an-address\"}}", "config.to");
    assertField("{\"name\":\"x\",\"kind\":\"slack\",\"config\":{\"url\":\"https://a.example\",\"channel\":\"#ops\"}}",
        "config.channel");
    assertField("{\"name\":\"x\",\"kind\":\"pager\",\"config\":{}}", "kind");
    assertField("{\"kind\":\"slack\",\"config\":{\"url\":\"https://a.example\"}}", "name");
    assertField("{\"name\":\"x\",\"kind\":\"slack\"}", "config");
    assertField("{\"name\":\"x\",\"kind\":\"slack\",\"config\":{\"url\":\"http://10.0.0.7/hook\"}}", "config.url");
    assertThat(channels.size()).isZero();
  }

  private void assertField(String body, String field) {
    HttpResponse<String> bad = edge.post("/api/v3/channels/", RW, JSON, body);
    assertThat(bad.statusCode()).as(body).isEqualTo(400);
    assertThat(json(bad).get("field").asText()).as(body).isEqualTo(field);
  }

  @Test
  void aReadOnlyKeySeesSecretsMaskedAndCannotWrite() {
    String id = create("{\"name\":\"ops\",\"kind\":\"webhook\",\"config\":{\"url\":\"https://hooks.example.com/secret-path\","
        + "\"headers\":{\"Authorization\":\"Bearer t0ken\"}}}");
    JsonNode masked = json(edge.get("/api/v3/channels/" + id, RO)).get("config");
    assertThat(masked.get("url").asText()).isEqualTo(ChannelJson.MASK);
    assertThat(masked.get("headers").get("Authorization").asText()).isEqualTo(ChannelJson.MASK);
    assertThat(masked.get("method").asText()).isEqualTo("POST");
    JsonNode full = json(edge.get("/api/v3/channels/" + id, RW)).get("config");
    assertThat(full.get("url").asText()).isEqualTo("https://hooks.example.com/secret-path");
    assertThat(edge.post("/api/v3/channels/", RO, JSON, "{\"name\":\"x\",\"kind\":\"slack\",\"config\":{\"url\":\"https://a.b\"}}")
        .statusCode()).isEqualTo(401);
    assertThat(edge.post("/api/v3/channels/" + id + "/test", RO, JSON, "").statusCode()).isEqualTo(401);
  }

  @Test
  void updateReplacesTheGivenFieldsAndDeleteRemovesTheChannel() {
    String id = create("{\"name\":\"ops\",\"kind\":\"slack\",\"config\":{\"url\":\"https://hooks.example.com/a\"}}");
    HttpResponse<String> renamed = edge.post("/api/v3/channels/" + id, RW, JSON, "{\"name\":\"ops-alerts\"}");
    assertThat(renamed.statusCode()).isEqualTo(200);
    assertThat(channels.byId(id).orElseThrow().getName()).isEqualTo("ops-alerts");
    assertThat(channels.byId(id).orElseThrow().getConfig()).containsEntry("url", "https://hooks.example.com/a");
    assertThat(edge.post("/api/v3/channels/" + id, RW, JSON, "{\"config\":{\"url\":\"http://10.0.0.9\"}}").statusCode())
        .isEqualTo(400);
    assertThat(edge.send("DELETE", "/api/v3/channels/" + id, RW, null, null).statusCode()).isEqualTo(200);
    assertThat(channels.byId(id)).isEmpty();
    assertThat(edge.get("/api/v3/channels/" + id, RW).statusCode()).isEqualTo(404);
  }

  @Test
  void aTestSendAnswersWithItsOutcome() {
    String id = create("{\"name\":\"ops\",\"kind\":\"slack\",\"config\":{\"url\":\"https://hooks.example.com/a\"}}");
    HttpResponse<String> ok = edge.post("/api/v3/channels/" + id + "/test", RW, JSON, "");
    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(json(ok).get("outcome").asText()).isEqualTo("delivered");
    channels.testOutcome = DeliveryOutcome.FAILED;
    HttpResponse<String> failed = edge.post("/api/v3/channels/" + id + "/test", RW, JSON, "");
    assertThat(failed.statusCode()).isEqualTo(502);
    assertThat(json(failed).get("http_status").asInt()).isEqualTo(404);
    assertThat(channels.tested).containsExactly(id, id);
  }

  @Test
  void theDeliveryLogIsReadPerCheckAndPerChannelAnd503WhileStateMoves() {
    String id = create("{\"name\":\"ops\",\"kind\":\"slack\",\"config\":{\"url\":\"https://hooks.example.com/a\"}}");
    states.deliveries.add(DeliveryAttempt.newBuilder().setDeliveryId(CHECK + ":down:1").setEvent("DOWN")
        .setCheckUuid(CHECK).setChannelId(id).setChannelKind("slack").setAttempt(1).setOutcome(DeliveryOutcome.RETRYING)
        .setHttpStatus(500).setError("HTTP 500").setLatencyMillis(12).setAt(T).build());
    JsonNode byCheck = json(edge.get("/api/v3/checks/" + CHECK + "/deliveries", RO)).get("deliveries");
    assertThat(byCheck).hasSize(1);
    assertThat(byCheck.get(0).get("outcome").asText()).isEqualTo("retrying");
    assertThat(byCheck.get(0).get("http_status").asInt()).isEqualTo(500);
    assertThat(byCheck.get(0).get("event").asText()).isEqualTo("down");
    assertThat(json(edge.get("/api/v3/channels/" + id + "/deliveries", RW)).get("deliveries")).hasSize(1);
    assertThat(edge.get("/api/v3/checks/0f3a9a3c-0000-4222-8333-444455556666/deliveries", RW).statusCode()).isEqualTo(404);
    states.moving(true);
    HttpResponse<String> moving = edge.get("/api/v3/checks/" + CHECK + "/deliveries", RW);
    assertThat(moving.statusCode()).isEqualTo(503);
    assertThat(moving.headers().firstValue("Retry-After")).isPresent();
  }

  @Test
  void kafkaAwayIsA503AndNothingIsWritten() {
    channels.kafkaDown(true);
    HttpResponse<String> down = edge.post("/api/v3/channels/", RW, JSON,
        "{\"name\":\"ops\",\"kind\":\"slack\",\"config\":{\"url\":\"https://hooks.example.com/a\"}}");
    assertThat(down.statusCode()).isEqualTo(503);
    assertThat(down.headers().firstValue("Retry-After")).isPresent();
    assertThat(channels.size()).isZero();
  }
}
