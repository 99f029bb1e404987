package io.lifeline.http.heartbeat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.lifeline.heartbeat.CheckChanges;
import io.lifeline.heartbeat.CheckRules;
import io.lifeline.heartbeat.CheckSpec;
import io.lifeline.http.ApiAuth;
import io.lifeline.http.ApiError;
import io.lifeline.http.Json;
import io.lifeline.http.RequestIds;
import io.lifeline.http.RouteGroup;
import io.lifeline.ports.CheckLookup;
import io.lifeline.ports.Commands;
import io.lifeline.ports.StateQueries;
import io.lifeline.schemas.CheckDefinition;
import io.lifeline.schemas.Ping;
import io.lifeline.schemas.PingKind;
import io.lifeline.schemas.internal.CheckState;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The process-heartbeat facade of the original POC (DESIGN.md section 5.5): a process is a check
 * with {@code timeout} = its time-to-live and no grace, tagged {@code process}; it is alive while
 * its last heartbeat is younger than that. Liveness comes from the same rules as every check.
 */
public final class ProcessRoutes implements RouteGroup {

  static final long DEFAULT_TTL_SECONDS = 30;
  private static final String TAG = "process";
  private static final String LONG_LIVED = "long-lived";

  private final CheckLookup checks;
  private final Commands commands;
  private final StateQueries states;
  private final CheckChanges changes;
  private final ApiAuth auth;

  public ProcessRoutes(CheckLookup checks, Commands commands, StateQueries states, CheckChanges changes,
      ApiAuth auth) {
    this.checks = checks;
    this.commands = commands;
    this.states = states;
    this.changes = changes;
    this.auth = auth;
  }

  @Override
  public void addTo(RoutesConfig routes) {
    routes.post("/process/short-lived", ctx -> create(ctx, "ShortLivedProcess", "short-lived"));
    routes.post("/process/long-lived", ctx -> create(ctx, "LongLivedProcess", LONG_LIVED));
    routes.post("/heartbeat/{processId}", this::heartbeat);
    routes.get("/heartbeat/status", ctx -> status(ctx, false));
    routes.get("/heartbeat/active-status", ctx -> status(ctx, true));
    routes.delete("/heartbeat/{processId}", this::delete);
  }

  private void create(Context ctx, String prefix, String lifetime) {
    JsonNode body = ApiAuth.body(ctx);
    auth.write(ctx, body);
    long ttl = DEFAULT_TTL_SECONDS;
    JsonNode given = body.get("ttl_seconds");
    if (given != null) {
      if (!given.isIntegralNumber() || given.asLong() < 1 || given.asLong() > CheckSpec.MAX_PERIOD_SECONDS) {
        throw ApiError.badRequest("ttl_seconds", "ttl_seconds must be a whole number of seconds, 1 to 365 days");
      }
      ttl = given.asLong();
    }
    String processId = prefix + "_" + UUID.randomUUID().toString().substring(0, 8);
    CheckDefinition definition = changes.process(processId, List.of(TAG, lifetime), ttl);
    ctx.future(() -> commands.save(definition, RequestIds.of(ctx))
        .thenCompose(saved -> beat(saved, ctx))
        .thenAccept(done -> ctx.json(Json.MAPPER.createObjectNode().put("processId", processId)
            .put("message", (LONG_LIVED.equals(lifetime) ? "Long-lived" : "Short-lived") + " process " + processId
                + " created."))));
  }

  private void heartbeat(Context ctx) {
    CheckDefinition definition = find(ctx.pathParam("processId"));
    ctx.future(() -> beat(definition, ctx).thenAccept(done -> ctx.json(Json.MAPPER.createObjectNode()
        .put("processId", definition.getName()).put("message", "Heartbeat registered."))));
  }

  private void delete(Context ctx) {
    auth.write(ctx, null);
    CheckDefinition definition = find(ctx.pathParam("processId"));
    ctx.future(() -> commands.delete(definition.getUuid(), RequestIds.of(ctx)).thenAccept(done -> ctx.json(
        Json.MAPPER.createObjectNode().put("processId", definition.getName())
            .put("message", "Process " + definition.getName() + " removed."))));
  }

  private void status(Context ctx, boolean aliveOnly) {
    auth.read(ctx);
    List<CheckDefinition> processes = checks.all().stream().filter(d -> d.getTags().contains(TAG)).toList();
    ctx.future(() -> states.checkStates().thenAccept(all -> {
      Map<String, CheckState> byUuid = all.stream()
          .collect(Collectors.toMap(CheckState::getUuid, Function.identity(), (a, b) -> b));
      long now = System.currentTimeMillis();
      ArrayNode list = Json.MAPPER.createArrayNode();
      for (CheckDefinition d : processes) {
        CheckState state = byUuid.get(d.getUuid());
        boolean alive = CheckRules.statusAt(state, d, now, false) == CheckRules.Status.UP;
        if (aliveOnly && !alive) {
          continue;
        }
        list.addObject().put("processId", d.getName())
            .put("lastHeartbeat", state == null ? null : IsoTime.of(state.getLastPing()))
            .put("isAlive", alive)
            .put("keepAlive", d.getTags().contains(LONG_LIVED))
            .put("ttlSeconds", d.getTimeoutSeconds())
            .put("uuid", d.getUuid());
      }
      ctx.json(list);
    }));
  }

  private CheckDefinition find(String processId) {
    return checks.bySlug(changes.pingKey(), processId.toLowerCase(Locale.ROOT)).stream().findFirst()
        .flatMap(checks::byUuid)
        .filter(d -> d.getTags().contains(TAG))
        .orElseThrow(() -> ApiError.notFound("no such process: " + processId));
  }

  private CompletableFuture<Void> beat(CheckDefinition definition, Context ctx) {
    Ping ping = Ping.newBuilder().setCheckUuid(definition.getUuid()).setKind(PingKind.SUCCESS)
        .setReceivedAt(Instant.ofEpochMilli(System.currentTimeMillis())).setMethod(ctx.method().name())
        .setSourceAddress(ctx.ip()).build();
    return commands.ping(ping, RequestIds.of(ctx));
  }
}
