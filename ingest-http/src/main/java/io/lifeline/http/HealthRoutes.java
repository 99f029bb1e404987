package io.lifeline.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;

/**
 * Liveness, readiness and the Prometheus scrape (DESIGN.md section 9); served whatever the roles.
 * Readiness also carries warnings that do not make the instance unready: ingest without keys, batches
 * waiting on the billing sink.
 */
public final class HealthRoutes implements RouteGroup {

  private final ReadinessProbe readiness;
  private final PrometheusMeterRegistry metrics;

  public HealthRoutes(ReadinessProbe readiness, PrometheusMeterRegistry metrics) {
    this.readiness = readiness;
    this.metrics = metrics;
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
    if (!status.ready()) {
      body.putPOJO("waitingFor", status.waitingFor());
      ctx.header("Retry-After", HttpApp.RETRY_AFTER_SECONDS);
    }
    if (!status.warnings().isEmpty()) {
      body.putPOJO("warnings", status.warnings());
    }
    ctx.status(status.ready() ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE).json(body);
  }

  private static ObjectNode status(String value) {
    return Json.MAPPER.createObjectNode().put("status", value);
  }
}
