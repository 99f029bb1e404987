package io.lifeline.http;

import static io.lifeline.http.fakes.Edge.json;
import static org.assertj.core.api.Assertions.assertThat;

import io.lifeline.http.fakes.Edge;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Readiness: what it waits for makes it 503; a warning is shown and leaves it ready. */
class HealthRoutesTest {

  private final AtomicReference<ReadinessProbe.Status> status =
      new AtomicReference<>(new ReadinessProbe.Status(true, List.of(), List.of()));
  private final Edge edge = Edge.with(settings -> List.of(
      new HealthRoutes(status::get, new PrometheusMeterRegistry(PrometheusConfig.DEFAULT))));

  @AfterEach
  void stop() {
    edge.close();
  }

  @Test
  void aWarningIsShownWhileTheInstanceStaysReady() {
    assertThat(json(edge.get("/health/ready", null)).has("warnings")).isFalse();
    status.set(new ReadinessProbe.Status(true, List.of(), List.of("billing sink: 3 batch(es) waiting")));
    HttpResponse<String> warned = edge.get("/health/ready", null);
    assertThat(warned.statusCode()).isEqualTo(200);
    assertThat(json(warned).get("status").asText()).isEqualTo("UP");
    assertThat(json(warned).get("warnings").get(0).asText()).contains("billing sink");

    status.set(new ReadinessProbe.Status(false, List.of("Kafka"), List.of()));
    HttpResponse<String> down = edge.get("/health/ready", null);
    assertThat(down.statusCode()).isEqualTo(503);
    assertThat(down.headers().firstValue("Retry-After")).isPresent();
  }
}
