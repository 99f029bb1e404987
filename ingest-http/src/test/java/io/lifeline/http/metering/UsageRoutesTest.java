package io.lifeline.http.metering;

import static io.lifeline.http.fakes.Edge.RO;
import static io.lifeline.http.fakes.Edge.json;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import io.lifeline.http.fakes.Edge;
import io.lifeline.http.fakes.FakeStates;
import io.lifeline.schemas.BatchKind;
import io.lifeline.schemas.DeliveryAttempt;
import io.lifeline.schemas.DeliveryOutcome;
import io.lifeline.schemas.UsageBatch;
import io.lifeline.schemas.internal.UsageWindow;
import java.math.BigDecimal;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Usage queries over real HTTP against in-memory state: parameters, exact totals, day sums, errors. */
class UsageRoutesTest {

  private static final Instant NOW = Instant.parse("2026-03-02T12:00:00Z");

  private final FakeStates states = new FakeStates();
  private final Edge edge = Edge.with(settings -> List.of(
      new UsageRoutes(states, Edge.AUTH, Clock.fixed(NOW, ZoneOffset.UTC), true)));

  @AfterEach
  void stop() {
    edge.close();
  }

  private static UsageWindow window(String start, String total) {
    return window("acme", "S", start, total);
  }

  private static UsageWindow window(String tenant, String sku, String start, String total) {
    Instant s = Instant.parse(start);
    return UsageWindow.newBuilder().setTenant(tenant).setSku(sku).setUnit("KB").setWindowStart(s)
        .setWindowEnd(s.plusSeconds(3600)).setTotal(new BigDecimal(total).setScale(9)).setCount(1)
        .setFirstPulseAt(s).setLastPulseAt(s).build();
  }

  @Test
  void hoursAndDaysAreExactSums() {
    states.windows.add(window("2026-03-02T10:00:00Z", "0.1"));
    states.windows.add(window("2026-03-02T09:00:00Z", "0.2"));
    JsonNode hours = json(edge.get("/api/v1/usage?tenant=acme&sku=S&unit=KB", RO));
    assertThat(hours.get("windows")).extracting(w -> w.get("windowStart").asText())
        .containsExactly("2026-03-02T09:00:00Z", "2026-03-02T10:00:00Z");
    JsonNode days = json(edge.get("/api/v1/usage?tenant=acme&window=DAY", RO));
    assertThat(days.get("windows")).singleElement()
        .satisfies(d -> assertThat(d.get("total").decimalValue()).isEqualByComparingTo("0.3"));
  }

  private static UsageBatch batch(String batchId, BatchKind kind) {
    Instant s = Instant.parse("2026-03-02T10:00:00Z");
    return UsageBatch.newBuilder().setBatchId(batchId).setTenant("acme").setSku("S").setUnit("KB").setWindowStart(s)
        .setWindowEnd(s.plusSeconds(3600)).setTotal(new BigDecimal("1").setScale(9)).setCount(1).setFirstPulseAt(s)
        .setLastPulseAt(s).setKind(kind).setEmittedAt(s.plusSeconds(3900)).build();
  }

  private static DeliveryAttempt attempt(String batchId, int n, DeliveryOutcome outcome, Integer httpStatus) {
    return DeliveryAttempt.newBuilder().setDeliveryId(batchId).setEvent("FINAL").setChannelId("billing-sink")
        .setChannelKind("sink").setAttempt(n).setOutcome(outcome).setHttpStatus(httpStatus).setLatencyMillis(3)
        .setAt(NOW.minusSeconds(60)).build();
  }

  private static final String FINAL = "acme|S|KB|2026-03-02T10:00:00Z|FINAL";
  private static final String CORRECTION = "acme|S|KB|2026-03-02T10:00:00Z|CORRECTION|2026-03-02T11:05:00Z";
  private static final String FAILED = "acme|S|KB|2026-03-02T10:00:00Z|CORRECTION|2026-03-02T11:10:00Z";
  private static final String UNTRIED = "acme|S|KB|2026-03-02T10:00:00Z|CORRECTION|2026-03-02T11:15:00Z";

  @Test
  void eachBatchSaysWhereItStandsWithTheSink() {
    List.of(FINAL, CORRECTION, FAILED, UNTRIED).forEach(id -> states.batches.add(
        batch(id, id.endsWith("FINAL") ? BatchKind.FINAL : BatchKind.CORRECTION)));
    states.sinkDeliveries.add(attempt(FINAL, 1, DeliveryOutcome.DELIVERED, 200));
    states.sinkDeliveries.add(attempt(CORRECTION, 3, DeliveryOutcome.RETRYING, 500));
    states.sinkDeliveries.add(attempt(FAILED, 6, DeliveryOutcome.FAILED, 400));

    JsonNode batches = json(edge.get("/api/v1/usage/batches?tenant=acme&from=2026-03-02T00:00:00Z", RO)).get("batches");

    assertThat(batches).extracting(b -> b.get("batchId").asText() + " " + b.get("delivery"))
        .containsExactlyInAnyOrder(
            FINAL + " {\"status\":\"delivered\",\"attempts\":1,\"httpStatus\":200,\"at\":\"2026-03-02T11:59:00Z\"}",
            CORRECTION + " {\"status\":\"pending\",\"attempts\":3,\"httpStatus\":500,\"at\":\"2026-03-02T11:59:00Z\"}",
            FAILED + " {\"status\":\"failed\",\"attempts\":6,\"httpStatus\":400,\"at\":\"2026-03-02T11:59:00Z\"}",
            UNTRIED + " {\"status\":\"pending\",\"attempts\":0,\"httpStatus\":null,\"at\":null}");
  }

  @Test
  void withoutASinkABatchNotDeliveredSaysSo() {
    states.batches.add(batch(FINAL, BatchKind.FINAL));
    states.batches.add(batch(CORRECTION, BatchKind.CORRECTION));
    states.sinkDeliveries.add(attempt(CORRECTION, 1, DeliveryOutcome.DELIVERED, 202));
    try (Edge sinkless = Edge.with(settings -> List.of(
        new UsageRoutes(states, Edge.AUTH, Clock.fixed(NOW, ZoneOffset.UTC), false)))) {
      JsonNode batches = json(sinkless.get("/api/v1/usage/batches?tenant=acme&from=2026-03-02T00:00:00Z", RO))
          .get("batches");
      assertThat(batches).extracting(b -> b.get("batchId").asText() + " " + b.at("/delivery/status").asText())
          .containsExactlyInAnyOrder(FINAL + " not_configured", CORRECTION + " delivered");
    }
  }

  @Test
  void tenantsAreListedWithTheirSeries() {
    states.windows.add(window("zeta", "S", "2026-03-02T10:00:00Z", "1"));
    states.windows.add(window("acme", "T", "2026-03-02T09:00:00Z", "1"));
    states.windows.add(window("acme", "S", "2026-03-02T08:00:00Z", "1"));
    states.windows.add(window("acme", "S", "2026-03-02T07:00:00Z", "1"));
    JsonNode answer = json(edge.get("/api/v1/usage/tenants", RO));
    assertThat(answer.get("tenants")).extracting(t -> t.get("tenant").asText()).containsExactly("acme", "zeta");
    assertThat(answer.get("tenants").get(0).get("series").toString()).isEqualTo(
        "[{\"sku\":\"S\",\"unit\":\"KB\",\"since\":\"2026-03-02T07:00:00Z\"},"
            + "{\"sku\":\"T\",\"unit\":\"KB\",\"since\":\"2026-03-02T09:00:00Z\"}]");
    assertThat(edge.get("/api/v1/usage/tenants", null).statusCode()).isEqualTo(401);
  }

  @Test
  void badParametersAre400sNamingThem() {
    for (String[] bad : List.of(new String[] {"", "tenant"}, new String[] {"tenant=a%20b", "tenant"},
        new String[] {"tenant=acme&from=yesterday", "from"}, new String[] {"tenant=acme&window=WEEK", "window"},
        new String[] {"tenant=acme&from=2026-03-02T10:00:00Z&to=2026-03-01T10:00:00Z", "to"})) {
      HttpResponse<String> answer = edge.get("/api/v1/usage?" + bad[0], RO);
      assertThat(answer.statusCode()).as(bad[0]).isEqualTo(400);
      assertThat(json(answer).get("field").asText()).as(bad[0]).isEqualTo(bad[1]);
    }
    assertThat(edge.get("/api/v1/usage?tenant=acme", null).statusCode()).isEqualTo(401);
  }

  @Test
  void whileStateMovesTheAnswerIs503() {
    states.moving(true);
    assertThat(edge.get("/api/v1/usage?tenant=acme", RO).statusCode()).isEqualTo(503);
    assertThat(edge.get("/api/v1/usage/batches?tenant=acme", RO).statusCode()).isEqualTo(503);
    assertThat(edge.get("/api/v1/usage/tenants", RO).statusCode()).isEqualTo(503);
  }
}
