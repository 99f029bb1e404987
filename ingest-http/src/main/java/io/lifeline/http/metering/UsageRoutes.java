package io.lifeline.http.metering;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.lifeline.http.ApiAuth;
import io.lifeline.http.Json;
import io.lifeline.http.RouteGroup;
import io.lifeline.metering.UsageQuery;
import io.lifeline.metering.UsageReport;
import io.lifeline.metering.UsageRow;
import io.lifeline.ports.StateQueries;
import io.lifeline.schemas.DeliveryAttempt;
import io.lifeline.schemas.UsageBatch;
import io.lifeline.schemas.internal.UsageWindow;
import io.lifeline.schemas.format.AvroJson;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Usage queries over the metering state (DESIGN.md section 6.3): {@link StateQueries} finds where
 * the windows live; this class turns the question and the answer into HTTP.
 */
public final class UsageRoutes implements RouteGroup {

  private final StateQueries states;
  private final ApiAuth auth;
  private final Clock clock;
  private final boolean sinkConfigured;

  /** @param sinkConfigured whether {@code BATCH_SINK_URL} is set, so that a batch never tried is told apart from one that waits */
  public UsageRoutes(StateQueries states, ApiAuth auth, Clock clock, boolean sinkConfigured) {
    this.states = states;
    this.auth = auth;
    this.clock = clock;
    this.sinkConfigured = sinkConfigured;
  }

  @Override
  public void addTo(RoutesConfig routes) {
    routes.get("/api/v1/usage", this::usage);
    routes.get("/api/v1/usage/batches", this::batches);
    routes.get("/api/v1/usage/tenants", this::tenants);
  }

  /** Every tenant with metered usage, and the SKU and unit of each of its series: what there is to ask about. */
  private void tenants(Context ctx) {
    auth.read(ctx);
    ctx.future(() -> states.usageSeries().thenAccept(firsts -> {
      Map<String, List<UsageWindow>> byTenant = new TreeMap<>();
      firsts.forEach(w -> byTenant.computeIfAbsent(w.getTenant(), t -> new ArrayList<>()).add(w));
      ObjectNode answer = Json.MAPPER.createObjectNode();
      ArrayNode tenants = answer.putArray("tenants");
      byTenant.forEach((tenant, series) -> {
        ObjectNode entry = tenants.addObject().put("tenant", tenant);
        ArrayNode list = entry.putArray("series");
        series.stream().sorted(Comparator.comparing(UsageWindow::getSku).thenComparing(UsageWindow::getUnit))
            .forEach(w -> list.addObject().put("sku", w.getSku()).put("unit", w.getUnit())
                .put("since", w.getWindowStart().toString()));
      });
      ctx.json(answer);
    }));
  }

  private void usage(Context ctx) {
    auth.read(ctx);
    UsageQuery query = UsageParams.usage(ctx, clock.instant());
    ctx.future(() -> states.usageWindows(query)
        .thenAccept(windows -> ctx.json(usageAnswer(query, UsageReport.rows(windows.iterator(), query)))));
  }

  private void batches(Context ctx) {
    auth.read(ctx);
    Instant now = clock.instant();
    String tenant = UsageParams.name(ctx, "tenant", true);
    Instant from = UsageParams.time(ctx, "from", now.minus(Duration.ofDays(1)));
    Instant to = UsageParams.time(ctx, "to", now);
    UsageParams.ordered(from, to);
    ctx.future(() -> states.batches(tenant, from, to).thenCombine(states.sinkDeliveries(tenant, from, to),
        (batches, attempts) -> {
          Map<String, DeliveryAttempt> latest = new HashMap<>();
          attempts.forEach(a -> latest.put(a.getDeliveryId(), a));
          ObjectNode answer = Json.MAPPER.createObjectNode().put("tenant", tenant)
              .put("from", from.toString()).put("to", to.toString());
          ArrayNode list = answer.putArray("batches");
          batches.stream()
              .sorted(Comparator.comparing(UsageBatch::getWindowStart).thenComparing(UsageBatch::getBatchId))
              .forEach(b -> list.add(AvroJson.toJson(b).set("delivery",
                  SinkDelivery.of(latest.get(b.getBatchId()), sinkConfigured).toJson())));
          return answer;
        }).thenAccept(ctx::json));
  }

  private static ObjectNode usageAnswer(UsageQuery query, List<UsageRow> rows) {
    ObjectNode answer = Json.MAPPER.createObjectNode().put("tenant", query.tenant()).put("sku", query.sku())
        .put("unit", query.unit()).put("window", query.granularity().name())
        .put("from", query.from().toString()).put("to", query.to().toString());
    ArrayNode list = answer.putArray("windows");
    rows.forEach(row -> list.add(row(row)));
    return answer;
  }

  private static ObjectNode row(UsageRow row) {
    return Json.MAPPER.createObjectNode()
        .put("tenant", row.tenant()).put("sku", row.sku()).put("unit", row.unit())
        .put("windowStart", row.windowStart().toString()).put("windowEnd", row.windowEnd().toString())
        .put("total", row.total().stripTrailingZeros())
        .put("count", row.count())
        .put("firstPulseAt", row.firstPulseAt().toString()).put("lastPulseAt", row.lastPulseAt().toString())
        .put("final", row.isFinal());
  }
}
