package io.lifeline.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.util.List;

/**
 * Liveness, readiness and the Prometheus scrape (DESIGN.md section 9); served whatever the roles.
 * Readiness also carries the configuration's warnings, such as ingest without keys.
 */
public final class HealthRoutes implements RouteGroup {

  private final ReadinessProbe readiness;
  private final PrometheusMeterRegistry metrics;
  private final List<String> warnings;

  public HealthRoutes(ReadinessProbe readiness, PrometheusMeterRegistry metrics, List<String> warnings) {
    this.readiness = readiness;
    this.metrics = metrics;
    this.warnings = List.copyOf(warnings);
  }

  @Override
  public void addTo(RoutesConfig routes) {
    routes.get("/health/live", ctx -> ctx.json(status("UP")));
    routes.get("/health/ready", this::ready);
    routes.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(metrics.scrape()));
  }

  private void ready(Context ctx) {
    ReadinessProbe.Status status = readiness.status();
    ObjectNode body = status(status.ready() ? "UP" : "DOWN");
    if (!warnings.isEmpty()) {
      body.putPOJO("warnings", warnings);
    }
    if (!status.ready()) {
      body.putPOJO("waitingFor", status.waitingFor());
      ctx.header("Retry-After", HttpApp.RETRY_AFTER_SECONDS);
    }
    ctx.status(status.ready() ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE).json(body);
  }

  private static ObjectNode status(String value) {
    return Json.MAPPER.createObjectNode().put("status", value);
  }
}
