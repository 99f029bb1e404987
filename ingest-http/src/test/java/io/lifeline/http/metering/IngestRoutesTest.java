package io.lifeline.http.metering;

import static io.lifeline.http.fakes.Edge.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.lifeline.http.fakes.Edge;
import io.lifeline.http.fakes.FakePulseSink;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Ingest over real HTTP into an in-memory sink: all or nothing, problem+json, 202 only after the write. */
class IngestRoutesTest {

  private final FakePulseSink sink = new FakePulseSink();
  private final Edge edge = Edge.with(settings -> List.of(
      new IngestRoutes(sink, settings, IngestKeys.OPEN, new SimpleMeterRegistry(), Clock.systemUTC())));
  private final Edge bigEdge = Edge.withBodyLimit(5 * 1024 * 1024, settings -> List.of(
      new IngestRoutes(sink, settings, IngestKeys.OPEN, new SimpleMeterRegistry(), Clock.systemUTC())));

  @AfterEach
  void stop() {
    edge.close();
    bigEdge.close();
  }

  private static byte[] request(String path, String headers, byte[] body) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    out.writeBytes(("POST " + path + " HTTP/1.1\r\nHost: t\r\n" + headers + "Content-Length: " + body.length
        + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
    out.writeBytes(body);
    return out.toByteArray();
  }

  private static byte[] gzip(byte[] plain) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream zip = new GZIPOutputStream(out)) {
      zip.write(plain);
    }
    return out.toByteArray();
  }

  @Test
  void acceptedPulsesAreWrittenExactlyAndTheirIdsReturned() {
    HttpResponse<String> accepted = edge.post("/api/v1/pulses", null, "application/x-ndjson",
        "{\"id\":\"a\",\"tenant\":\"t\",\"sku\":\"s\",\"unit\":\"KB\",\"amount\":0.1}\n"
            + "{\"id\":\"b\",\"tenant\":\"t\",\"sku\":\"s\",\"unit\":\"KB\",\"amount\":\"12345678.123456789\"}\n");
    assertThat(accepted.statusCode()).isEqualTo(202);
    assertThat(json(accepted).get("accepted").asInt()).isEqualTo(2);
    assertThat(sink.written).extracting(p -> p.getAmount().stripTrailingZeros())
        .containsExactly(new BigDecimal("0.1"), new BigDecimal("12345678.123456789"));

    assertThat(edge.post("/ingest", null, "application/json",
        "{\"tenant_id\":\"tenant_xpto\",\"product_sku\":\"SKU-77\",\"used_amount\":307,\"use_unity\":\"KB\"}")
        .statusCode()).isEqualTo(202);
    assertThat(sink.written).hasSize(3);
  }

  @Test
  void oneBadItemRejectsTheWholeBatchNamingItsIndexAndField() {
    HttpResponse<String> rejected = edge.post("/api/v1/pulses", null, "application/json",
        "[{\"tenant\":\"t\",\"sku\":\"s\",\"unit\":\"KB\",\"amount\":1},"
            + "{\"tenant\":\"t\",\"sku\":\"s\",\"unit\":\"KB\",\"amount\":-1}]");
    assertThat(rejected.statusCode()).isEqualTo(400);
    assertThat(rejected.headers().firstValue("Content-Type")).hasValueSatisfying(
        v -> assertThat(v).startsWith("application/problem+json"));
    JsonNode error = json(rejected).get("errors").get(0);
    assertThat(error.get("index").asInt()).isEqualTo(1);
    assertThat(error.get("field").asText()).isEqualTo("amount");
    assertThat(sink.written).isEmpty();
  }

  @Test
  void aWrongContentTypeIs415AndAnOversizedBodyIs413() {
    assertThat(edge.post("/api/v1/pulses", null, "text/plain", "{}").statusCode()).isEqualTo(415);
    String big = "{\"tenant\":\"t\",\"sku\":\"s\",\"unit\":\"KB\",\"amount\":1}\n".repeat(2_000);
    HttpResponse<String> tooLarge = edge.post("/api/v1/pulses", null, "application/x-ndjson", big);
    assertThat(tooLarge.statusCode()).isEqualTo(413);
    assertThat(json(tooLarge).get("field").asText()).isEqualTo("body");
    assertThat(sink.written).isEmpty();
  }

  @Test
  void cloudEventsAre204AsOpenMeterAnswersInStructuredBatchAndBinaryMode() {
    String event = "{\"specversion\":\"1.0\",\"id\":\"e1\",\"source\":\"/s\",\"type\":\"usage\",\"subject\":\"t\","
        + "\"data\":{\"sku\":\"s\",\"amount\":1,\"unit\":\"KB\"}}";
    HttpResponse<String> structured = edge.post("/api/v1/events", null, "application/cloudevents+json", event);
    assertThat(structured.statusCode()).isEqualTo(204);
    assertThat(structured.body()).isEmpty();
    assertThat(edge.post("/api/v1/events", null, "application/cloudevents-batch+json", "[" + event + "]").statusCode())
        .isEqualTo(204);
    assertThat(edge.post("/api/v1/events", null, "application/cloudevents-batch+json", event).statusCode())
        .as("a batch is an array").isEqualTo(400);
    Edge.RawAnswer binary = edge.raw(request("/api/v1/events", "Content-Type: application/json\r\nce-specversion: 1.0\r\n"
        + "ce-id: e2\r\nce-source: /s\r\nce-type: usage\r\nce-subject: t\r\n",
        "{\"sku\":\"s\",\"amount\":\"2.5\",\"unit\":\"KB\"}".getBytes(StandardCharsets.UTF_8)));
    assertThat(binary.status()).isEqualTo(204);
    assertThat(sink.written).extracting(p -> p.getId()).containsExactly("/s e1", "/s e1", "/s e2");
  }

  @Test
  void aGzipBodyIsDecodedAndItsLimitAppliesAfterDecoding() throws IOException {
    String pulses = ("{\"tenant\":\"t\",\"sku\":\"s\",\"unit\":\"KB\",\"amount\":1}\n").repeat(3);
    Edge.RawAnswer accepted = edge.raw(request("/api/v1/pulses",
        "Content-Type: application/x-ndjson\r\nContent-Encoding: gzip\r\n", gzip(pulses.getBytes(StandardCharsets.UTF_8))));
    assertThat(accepted.status()).isEqualTo(202);
    assertThat(sink.written).hasSize(3);

    byte[] bomb = gzip(("[" + " ".repeat(Edge.SETTINGS.ingestBodyLimit() * 4) + "]").getBytes(StandardCharsets.UTF_8));
    assertThat(bomb.length).isLessThan(Edge.SETTINGS.ingestBodyLimit());
    Edge.RawAnswer tooLarge = edge.raw(request("/api/v1/pulses",
        "Content-Type: application/json\r\nContent-Encoding: gzip\r\n", bomb));
    assertThat(tooLarge.status()).isEqualTo(413);

    Edge.RawAnswer notGzip = edge.raw(request("/api/v1/pulses",
        "Content-Type: application/json\r\nContent-Encoding: gzip\r\n", pulses.lines().findFirst().orElseThrow()
            .getBytes(StandardCharsets.UTF_8)));
    assertThat(notGzip.status()).as("a plain body labelled gzip is not accepted").isEqualTo(400);
    assertThat(notGzip.json().get("field").asText()).isEqualTo("Content-Encoding");

    Edge.RawAnswer brotli = edge.raw(request("/api/v1/pulses",
        "Content-Type: application/json\r\nContent-Encoding: br\r\n", "{}".getBytes(StandardCharsets.UTF_8)));
    assertThat(brotli.status()).isEqualTo(415);
    assertThat(brotli.json().get("field").asText()).isEqualTo("Content-Encoding");
    assertThat(sink.written).hasSize(3);
  }

  @Test
  void a100001ItemRequestListsTheFirst100ErrorsAndCountsThemAll() {
    String body = "[" + "{\"amount\":-1},".repeat(100_000) + "{\"amount\":-1}]";
    HttpResponse<String> rejected = bigEdge.post("/api/v1/pulses", null, "application/json", body);
    assertThat(rejected.statusCode()).isEqualTo(400);
    assertThat(rejected.body().length()).as("not 22 MB").isLessThan(20_000);
    JsonNode problem = json(rejected);
    assertThat(problem.get("errors")).hasSize(100);
    assertThat(problem.get("errorCount").asInt()).isEqualTo(100_001 * 4);
    assertThat(problem.get("errors").get(99).get("index").asInt()).isEqualTo(24);
  }

  @Test
  void withIngestKeysAKeyIsNeededAndABoundKeySendsOnlyForItsTenant() {
    IngestKeys keys = IngestKeys.parse("global-key-1,acme-key-01=acme");
    FakePulseSink guarded = new FakePulseSink();
    try (Edge secured = Edge.with(settings -> List.of(
        new IngestRoutes(guarded, settings, keys, new SimpleMeterRegistry(), Clock.systemUTC())))) {
      String acme = "{\"tenant\":\"acme\",\"sku\":\"s\",\"unit\":\"KB\",\"amount\":1}";
      String globex = "{\"tenant\":\"globex\",\"sku\":\"s\",\"unit\":\"KB\",\"amount\":1}";
      HttpResponse<String> none = secured.post("/api/v1/pulses", null, "application/json", acme);
      assertThat(none.statusCode()).isEqualTo(401);
      assertThat(none.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
      assertThat(secured.post("/ingest", "wrong-key-1", "application/json", "{}").statusCode()).isEqualTo(401);

      assertThat(secured.postAuthorized("/api/v1/pulses", "Bearer global-key-1", "application/json", globex)
          .statusCode()).as("Authorization: Bearer, any tenant").isEqualTo(202);
      assertThat(secured.post("/api/v1/pulses", "acme-key-01", "application/json", acme).statusCode())
          .as("X-Api-Key, its tenant").isEqualTo(202);
      HttpResponse<String> foreign = secured.post("/api/v1/pulses", "acme-key-01", "application/json",
          "[" + acme + "," + globex + "]");
      assertThat(foreign.statusCode()).isEqualTo(403);
      JsonNode problem = json(foreign);
      assertThat(problem.get("detail").asText()).contains("'acme'");
      assertThat(problem.get("errors").get(0).get("index").asInt()).isEqualTo(1);
      assertThat(problem.get("errors").get(0).get("field").asText()).isEqualTo("tenant");
      assertThat(problem.get("errors").get(0).get("message").asText()).contains("globex");
    }
    assertThat(guarded.written).extracting(p -> p.getTenant()).containsExactly("globex", "acme");
  }

  @Test
  void withKafkaAwayTheAnswerIs503NeverAccepted() {
    sink.kafkaDown(true);
    HttpResponse<String> refused = edge.post("/api/v1/pulses", null, "application/json",
        "{\"tenant\":\"t\",\"sku\":\"s\",\"unit\":\"KB\",\"amount\":1}");
    assertThat(refused.statusCode()).isEqualTo(503);
    assertThat(refused.headers().firstValue("Retry-After")).isPresent();
    assertThat(sink.written).isEmpty();
  }
}
