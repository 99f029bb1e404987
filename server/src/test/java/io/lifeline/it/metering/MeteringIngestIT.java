package io.lifeline.it.metering;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.lifeline.http.Json;
import io.lifeline.schemas.Pulse;
import io.lifeline.schemas.Topics;
import io.lifeline.server.TestInstance;
import io.lifeline.testkit.KafkaBroker;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The ingest contract and the usage queries over real HTTP against a real broker. */
class MeteringIngestIT {

  @RegisterExtension static final KafkaBroker KAFKA = new KafkaBroker();
  private static TestInstance lifeline;

  @BeforeAll
  static void start() {
    lifeline = TestInstance.start(KAFKA.bootstrapServers(), Map.of(
        "METERING_WINDOW", "PT2S", "METERING_GRACE", "PT1S", "INGEST_RATE_LIMIT", "0"));
  }

  @AfterAll
  static void stop() {
    lifeline.close();
  }

  @Test
  void a202MeansEveryPulseIsInKafkaWithTheRequestId() throws Exception {
    String tenant = tenant();
    HttpResponse<String> answer = post("/api/v1/pulses", "application/json", "["
        + "{\"id\":\"my-id-1\",\"tenant\":\"" + tenant + "\",\"sku\":\"S\",\"unit\":\"KB\",\"amount\":0.1},"
        + "{\"tenant\":\"" + tenant + "\",\"sku\":\"S\",\"unit\":\"KB\",\"amount\":\"0.2\",\"attributes\":{\"region\":\"eu\"}}]");
    assertThat(answer.statusCode()).isEqualTo(202);
    JsonNode body = Json.MAPPER.readTree(answer.body());
    assertThat(body.get("accepted").asInt()).isEqualTo(2);
    assertThat(body.get("ids").get(0).asText()).isEqualTo("my-id-1");
    String generated = body.get("ids").get(1).asText();
    assertThat(UUID.fromString(generated)).isNotNull();

    List<ConsumerRecord<String, Pulse>> written = pulsesOf(tenant);
    assertThat(written).extracting(r -> r.value().getId()).containsExactlyInAnyOrder("my-id-1", generated);
    assertThat(written).allSatisfy(r -> {
      assertThat(r.key()).isEqualTo(tenant + "|S|KB");
      assertThat(new String(r.headers().lastHeader("X-Request-Id").value(), StandardCharsets.UTF_8))
          .isEqualTo(answer.headers().firstValue("X-Request-Id").orElseThrow());
    });
    assertThat(written).extracting(r -> r.value().getAmount().toPlainString())
        .containsExactlyInAnyOrder("0.100000000", "0.200000000");
  }

  @Test
  void theOriginalFormatNdjsonAndCloudEventsAreAccepted() throws Exception {
    String tenant = tenant();
    assertThat(post("/ingest", "application/json", "{\"tenant_id\":\"" + tenant
        + "\",\"product_sku\":\"SKU-77\",\"used_amount\":307,\"use_unity\":\"KB\"}").statusCode()).isEqualTo(202);
    assertThat(post("/api/v1/pulses", "application/x-ndjson",
        "{\"tenant\":\"" + tenant + "\",\"sku\":\"S\",\"unit\":\"KB\",\"amount\":1}\n"
            + "{\"tenant\":\"" + tenant + "\",\"sku\":\"S\",\"unit\":\"KB\",\"amount\":2}\n").statusCode()).isEqualTo(202);
    assertThat(post("/api/v1/events", "application/cloudevents+json", event(tenant, "e-1", "3")).statusCode())
        .as("OpenMeter answers 204 and its SDKs check for it").isEqualTo(204);
    HttpResponse<String> batch = post("/api/v1/events", "application/cloudevents-batch+json",
        "[" + event(tenant, "e-2", "4") + "," + event(tenant, "e-3", "5.5") + "]");
    assertThat(batch.statusCode()).isEqualTo(204);
    HttpResponse<String> binary = lifeline.send(HttpRequest.newBuilder(URI.create(lifeline.base() + "/api/v1/events"))
        .header("Content-Type", "application/json").header("ce-specversion", "1.0").header("ce-id", "e-4")
        .header("ce-source", "/meter").header("ce-type", "io.lifeline.usage").header("ce-subject", tenant)
        .POST(HttpRequest.BodyPublishers.ofString("{\"sku\":\"S\",\"amount\":6,\"unit\":\"KB\"}")).build());
    assertThat(binary.statusCode()).as("binary content mode").isEqualTo(204);
    List<ConsumerRecord<String, Pulse>> written = pulsesOf(tenant);
    assertThat(written).extracting(r -> r.value().getAmount().stripTrailingZeros().toPlainString())
        .containsExactlyInAnyOrder("307", "1", "2", "3", "4", "5.5", "6");
    assertThat(written).extracting(r -> r.value().getId()).contains("/meter e-2", "/meter e-4");
  }

  @Test
  void badRequestsAre4xxProblemsAndWriteNothing() throws Exception {
    String tenant = tenant();
    String good = "{\"tenant\":\"" + tenant + "\",\"sku\":\"S\",\"unit\":\"KB\",\"amount\":1}";
    HttpResponse<String> invalid = post("/api/v1/pulses", "application/json", "[" + good + ","
        + "{\"tenant\":\"" + tenant + "\",\"sku\":\"S\",\"unit\":\"KB\",\"amount\":-1},"
        + "{\"tenant\":\"" + "x".repeat(200) + "\",\"sku\":\"S\",\"unit\":\"KB\",\"amount\":\"NaN\"},"
        + "{\"tenant\":\"" + tenant + "\",\"sku\":\"S\",\"unit\":\"KB\",\"amount\":1,\"timestamp\":\"2999-01-01T00:00:00Z\"}]");
    assertThat(invalid.statusCode()).isEqualTo(400);
    assertThat(invalid.headers().firstValue("Content-Type")).hasValueSatisfying(
        v -> assertThat(v).startsWith("application/problem+json"));
    JsonNode problem = Json.MAPPER.readTree(invalid.body());
    assertThat(problem.get("type").asText()).isNotBlank();
    assertThat(problem.get("title").asText()).isNotBlank();
    assertThat(problem.get("status").asInt()).isEqualTo(400);
    assertThat(problem.get("detail").asText()).contains("nothing was written");
    List<String> fields = new ArrayList<>();
    problem.get("errors").forEach(e -> fields.add(e.get("index").asInt() + ":" + e.get("field").asText()));
    assertThat(fields).containsExactlyInAnyOrder("1:amount", "2:tenant", "2:amount", "3:timestamp");

    assertThat(post("/api/v1/pulses", "application/json", "[" + good + ",{\"tenant\":").statusCode()).isEqualTo(400);
    assertThat(post("/api/v1/pulses", "application/json", "").statusCode()).isEqualTo(400);
    assertThat(post("/api/v1/pulses", "application/json", "[]").statusCode()).isEqualTo(400);
    assertThat(post("/api/v1/pulses", "application/json", "{\"tenant\":7,\"sku\":[],\"unit\":{},\"amount\":true}")
        .statusCode()).isEqualTo(400);
    HttpResponse<String> unsupported = post("/api/v1/pulses", "text/plain", good);
    assertThat(unsupported.statusCode()).isEqualTo(415);
    assertThat(unsupported.body()).contains("Content-Type");
    assertThat(post("/api/v1/events", "application/json", good).statusCode()).isEqualTo(415);

    StringBuilder huge = new StringBuilder(21 * 1024 * 1024).append('[');
    while (huge.length() < 20 * 1024 * 1024) {
      huge.append(good).append(',');
    }
    huge.append(good).append(']');
    HttpResponse<String> tooLarge = post("/api/v1/pulses", "application/json", huge.toString());
    assertThat(tooLarge.statusCode()).isEqualTo(413);
    assertThat(tooLarge.body()).contains("INGEST_BODY_LIMIT");

    assertThat(pulsesOf(tenant)).as("nothing of a rejected request is written").isEmpty();
  }

  @Test
  void aHundredThousandItemArrayIsAcceptedWhole() throws Exception {
    // Tiny items, so that 100,000 of them fit the default 5 MiB; no other test uses tenant "h".
    String tenant = "h";
    StringBuilder body = new StringBuilder("[");
    for (int i = 0; i < 100_000; i++) {
      body.append(i == 0 ? "" : ",").append("{\"tenant\":\"h\",\"sku\":\"s").append(i % 4)
          .append("\",\"unit\":\"u\",\"amount\":0.1}");
    }
    body.append(']');
    assertThat(body.length()).isLessThan(io.lifeline.server.ServerConfig.DEFAULT_INGEST_BODY_LIMIT);
    HttpResponse<String> answer = post("/api/v1/pulses", "application/json", body.toString());
    assertThat(answer.statusCode()).isEqualTo(202);
    assertThat(Json.MAPPER.readTree(answer.body()).get("accepted").asInt()).isEqualTo(100_000);
    assertThat(pulsesOf(tenant)).hasSize(100_000);
  }

  @Test
  void aClientOverTheRateLimitGets429() {
    try (TestInstance edge = TestInstance.start(KAFKA.bootstrapServers(),
        Map.of("ROLES", "edge", "INGEST_RATE_LIMIT", "5"))) {
      int limited = 0;
      for (int i = 0; i < 20; i++) {
        HttpResponse<String> answer = edge.send(HttpRequest.newBuilder(URI.create(edge.base() + "/ingest"))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString("{\"tenant_id\":\"rate\",\"product_sku\":\"S\","
                + "\"used_amount\":1,\"use_unity\":\"KB\"}")).build());
        if (answer.statusCode() == 429) {
          limited++;
          assertThat(answer.headers().firstValue("Retry-After")).isPresent();
          assertThat(answer.body()).contains("INGEST_RATE_LIMIT");
        } else {
          assertThat(answer.statusCode()).isEqualTo(202);
        }
      }
      assertThat(limited).isGreaterThanOrEqualTo(10);
    }
  }

  @Test
  void usageIsExactIncludingOpenWindowsAndBatchesAppearWhenFinal() throws Exception {
    String tenant = tenant();
    String now = Instant.now().toString();
    StringBuilder ndjson = new StringBuilder();
    for (int i = 0; i < 30; i++) {
      ndjson.append("{\"id\":\"u").append(i).append("\",\"tenant\":\"").append(tenant)
          .append("\",\"sku\":\"").append(i % 2 == 0 ? "A" : "B").append("\",\"unit\":\"KB\",\"amount\":\"0.1\","
              + "\"timestamp\":\"").append(now).append("\"}\n");
    }
    assertThat(post("/api/v1/pulses", "application/x-ndjson", ndjson.toString()).statusCode()).isEqualTo(202);
    assertThat(post("/api/v1/pulses", "application/x-ndjson", ndjson.toString()).statusCode())
        .as("the same ids again are duplicates").isEqualTo(202);

    JsonNode one = poll("/api/v1/usage?tenant=" + tenant + "&sku=A&unit=KB", a -> total(a).equals("1.5"));
    assertThat(one.get("windows")).hasSize(1);
    assertThat(one.get("windows").get(0).get("count").asInt()).isEqualTo(15);
    JsonNode all = poll("/api/v1/usage?tenant=" + tenant, a -> total(a).equals("3"));
    assertThat(all.get("windows")).hasSize(2);
    JsonNode days = get("/api/v1/usage?tenant=" + tenant + "&window=DAY");
    assertThat(total(days)).isEqualTo("3");
    assertThat(days.get("windows").get(0).get("windowEnd").asText()).endsWith("T00:00:00Z");

    JsonNode batches = poll("/api/v1/usage/batches?tenant=" + tenant, a -> a.get("batches").size() == 2);
    assertThat(batches.get("batches")).allSatisfy(b -> {
      assertThat(b.get("kind").asText()).isEqualTo("FINAL");
      assertThat(b.get("total").decimalValue()).isEqualByComparingTo("1.5");
      assertThat(b.get("delivery").toString()).as("no BATCH_SINK_URL here")
          .isEqualTo("{\"status\":\"not_configured\",\"attempts\":0,\"httpStatus\":null,\"at\":null}");
    });
    assertThat(poll("/api/v1/usage?tenant=" + tenant, a -> a.get("windows").get(0).get("final").asBoolean())).isNotNull();
  }

  @Test
  void badUsageQueriesName400TheParameter() throws Exception {
    assertThat(status("/api/v1/usage")).isEqualTo("400:tenant");
    assertThat(status("/api/v1/usage?tenant=a&window=WEEK")).isEqualTo("400:window");
    assertThat(status("/api/v1/usage?tenant=a&from=yesterday")).isEqualTo("400:from");
    assertThat(status("/api/v1/usage?tenant=a&from=2026-03-02T00:00:00Z&to=2026-03-01T00:00:00Z")).isEqualTo("400:to");
    assertThat(status("/api/v1/usage?tenant=a%7Cb")).isEqualTo("400:tenant");
    assertThat(status("/api/v1/usage/batches?tenant=")).isEqualTo("400:tenant");
    HttpResponse<String> noKey = lifeline.get("/api/v1/usage?tenant=a");
    assertThat(noKey.statusCode()).isEqualTo(401);
  }

  private static String status(String path) throws Exception {
    HttpResponse<String> answer = lifeline.send(HttpRequest.newBuilder(URI.create(lifeline.base() + path))
        .header("X-Api-Key", "test-ro-key").GET().build());
    return answer.statusCode() + ":" + Json.MAPPER.readTree(answer.body()).path("field").asText();
  }

  private static String total(JsonNode answer) {
    java.math.BigDecimal sum = java.math.BigDecimal.ZERO;
    for (JsonNode w : answer.get("windows")) {
      sum = sum.add(w.get("total").decimalValue());
    }
    return sum.stripTrailingZeros().toPlainString();
  }

  private static JsonNode poll(String path, Predicate<JsonNode> done) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    JsonNode last = null;
    while (System.nanoTime() < deadline) {
      last = get(path);
      if (done.test(last)) {
        return last;
      }
      Thread.sleep(200);
    }
    throw new AssertionError("not reached within 30 s: " + path + " answered " + last);
  }

  private static JsonNode get(String path) throws Exception {
    HttpResponse<String> answer = lifeline.send(HttpRequest.newBuilder(URI.create(lifeline.base() + path))
        .header("X-Api-Key", "test-ro-key").GET().build());
    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
    return Json.MAPPER.readTree(answer.body());
  }

  private static HttpResponse<String> post(String path, String contentType, String body) {
    return lifeline.send(HttpRequest.newBuilder(URI.create(lifeline.base() + path))
        .header("Content-Type", contentType).POST(HttpRequest.BodyPublishers.ofString(body)).build());
  }

  private static List<ConsumerRecord<String, Pulse>> pulsesOf(String tenant) {
    return TopicReader.readAll(KAFKA.bootstrapServers(), Topics.METERING_PULSES).stream()
        .filter(r -> r.value().getTenant().equals(tenant)).toList();
  }

  private static String event(String tenant, String id, String amount) {
    return "{\"specversion\":\"1.0\",\"id\":\"" + id + "\",\"source\":\"/meter\",\"type\":\"io.lifeline.usage\","
        + "\"subject\":\"" + tenant + "\",\"datacontenttype\":\"application/json\","
        + "\"data\":{\"sku\":\"S\",\"amount\":" + amount + ",\"unit\":\"KB\"}}";
  }

  private static String tenant() {
    return "t-" + UUID.randomUUID().toString().substring(0, 8);
  }
}
