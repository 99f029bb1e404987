package io.lifeline.http.metering;

import static io.lifeline.http.fakes.Edge.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.lifeline.http.fakes.Edge;
import io.lifeline.http.fakes.FakePulseSink;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Ingest over real HTTP into an in-memory sink: all or nothing, problem+json, 202 only after the write. */
class IngestRoutesTest {

  private final FakePulseSink sink = new FakePulseSink();
  private final Edge edge = Edge.with(settings -> List.of(
      new IngestRoutes(sink, settings, IngestKeys.OPEN, new SimpleMeterRegistry(), Clock.systemUTC())));

  @AfterEach
  void stop() {
    edge.close();
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
  void withKafkaAwayTheAnswerIs503NeverAccepted() {
    sink.kafkaDown(true);
    HttpResponse<String> refused = edge.post("/api/v1/pulses", null, "application/json",
        "{\"tenant\":\"t\",\"sku\":\"s\",\"unit\":\"KB\",\"amount\":1}");
    assertThat(refused.statusCode()).isEqualTo(503);
    assertThat(refused.headers().firstValue("Retry-After")).isPresent();
    assertThat(sink.written).isEmpty();
  }
}
