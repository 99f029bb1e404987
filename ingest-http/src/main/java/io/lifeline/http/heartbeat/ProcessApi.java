package io.lifeline.http.heartbeat;

import io.lifeline.http.ApiAuth;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.lifeline.heartbeat.CheckRules;
import io.lifeline.http.ApiError;
import io.lifeline.http.Edge;
import io.lifeline.http.Json;
import io.lifeline.http.RequestIds;
import io.lifeline.schemas.CheckDefinition;
import io.lifeline.schemas.Ping;
import io.lifeline.schemas.PingKind;
import io.lifeline.schemas.Topics;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;

/**
 * The process-heartbeat facade of the original POC (DESIGN.md section 5.5): a process is a check
 * with {@code timeout} = its time-to-live and no grace, tagged {@code process}; it is alive while
 * its last heartbeat is younger than that. Liveness comes from the same rules as every check.
 */
final class ProcessApi {

  static final long DEFAULT_TTL_SECONDS = 30;
  private static final String TAG = "process";
  private static final String LONG_LIVED = "long-lived";

  private final Edge edge;
  private final ApiAuth auth;
  private final Replica replica;
  private final CheckCommands commands;
  private final CheckListing listing;
  private final String pingKey;

  ProcessApi(Edge edge, ApiAuth auth, Replica replica, CheckCommands commands, CheckListing listing, String pingKey) {
    this.edge = edge;
    this.auth = auth;
    this.replica = replica;
    this.commands = commands;
    this.listing = listing;
    this.pingKey = pingKey;
  }

  void register(RoutesConfig routes) {
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
    Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
    CheckDefinition definition = commands.write(CheckDefinition.newBuilder()
        .setUuid(UUID.randomUUID().toString())
        .setName(processId)
        .setSlug(processId.toLowerCase(Locale.ROOT))
        .setTags(new ArrayList<>(List.of(TAG, lifetime)))
        .setTimeoutSeconds(ttl)
        .setGraceSeconds(0)
        .setPingKey(pingKey)
        .setCreatedAt(now)
        .setUpdatedAt(now)
        .build(), ctx);
    beat(definition, ctx);
    ctx.json(Json.MAPPER.createObjectNode().put("processId", processId)
        .put("message", (LONG_LIVED.equals(lifetime) ? "Long-lived" : "Short-lived") + " process " + processId
            + " created."));
  }

  private void heartbeat(Context ctx) {
    CheckDefinition definition = find(ctx.pathParam("processId"));
    beat(definition, ctx);
    ctx.json(Json.MAPPER.createObjectNode().put("processId", definition.getName())
        .put("message", "Heartbeat registered."));
  }

  private void delete(Context ctx) {
    auth.write(ctx, null);
    CheckDefinition definition = find(ctx.pathParam("processId"));
    commands.delete(definition, ctx);
    ctx.json(Json.MAPPER.createObjectNode().put("processId", definition.getName())
        .put("message", "Process " + definition.getName() + " removed."));
  }

  private void status(Context ctx, boolean aliveOnly) throws Exception {
    auth.read(ctx);
    Optional<List<CheckListing.Entry>> entries = listing.list(ctx, d -> d.getTags().contains(TAG));
    if (entries.isEmpty()) {
      return;
    }
    long now = System.currentTimeMillis();
    ArrayNode processes = Json.MAPPER.createArrayNode();
    for (CheckListing.Entry e : entries.get()) {
      boolean alive = CheckRules.statusAt(e.state(), e.definition(), now) == CheckRules.Status.UP;
      if (aliveOnly && !alive) {
        continue;
      }
      ObjectNode p = processes.addObject().put("processId", e.definition().getName())
          .put("lastHeartbeat", e.state() == null ? null : IsoTime.of(e.state().getLastPing()))
          .put("isAlive", alive)
          .put("keepAlive", e.definition().getTags().contains(LONG_LIVED))
          .put("ttlSeconds", e.definition().getTimeoutSeconds());
      p.put("uuid", e.definition().getUuid());
    }
    ctx.json(processes);
  }

  private CheckDefinition find(String processId) {
    List<String> uuids = replica.directory().bySlug(pingKey, processId.toLowerCase(Locale.ROOT));
    return uuids.stream().findFirst().flatMap(replica::byUuid)
        .filter(d -> d.getTags().contains(TAG))
        .orElseThrow(() -> ApiError.notFound("no such process: " + processId));
  }

  private void beat(CheckDefinition definition, Context ctx) {
    Ping ping = Ping.newBuilder().setCheckUuid(definition.getUuid()).setKind(PingKind.SUCCESS)
        .setReceivedAt(Instant.ofEpochMilli(System.currentTimeMillis())).setMethod(ctx.method().name())
        .setSourceAddress(ctx.ip()).build();
    edge.producer().sendAndWait(Topics.HEARTBEAT_PINGS, definition.getUuid(), ping, RequestIds.kafkaHeaders(ctx));
  }
}
