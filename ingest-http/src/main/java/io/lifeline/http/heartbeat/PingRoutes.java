package io.lifeline.http.heartbeat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.lifeline.heartbeat.CheckChanges;
import io.lifeline.heartbeat.CheckRules;
import io.lifeline.heartbeat.CheckSpec;
import io.lifeline.http.ApiError;
import io.lifeline.http.HttpSettings;
import io.lifeline.http.Json;
import io.lifeline.http.RequestIds;
import io.lifeline.http.RouteGroup;
import io.lifeline.ports.CheckLookup;
import io.lifeline.ports.Commands;
import io.lifeline.schemas.CheckDefinition;
import io.lifeline.schemas.Ping;
import io.lifeline.schemas.PingKind;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The healthchecks-compatible Ping API (DESIGN.md section 5.1). The check is found in this
 * instance's {@link CheckLookup}, never on another instance; what the ping means is
 * {@link CheckRules#kindOf}'s to say; the answer is 2xx only once Kafka has acknowledged the ping.
 */
public final class PingRoutes implements RouteGroup {

  private static final byte[] NO_BODY = new byte[0];

  private final CheckLookup checks;
  private final Commands commands;
  private final CheckChanges changes;
  private final int bodyLimit;
  private final Map<PingKind, Counter> received = new EnumMap<>(PingKind.class);

  public PingRoutes(CheckLookup checks, Commands commands, CheckChanges changes, HttpSettings settings,
      MeterRegistry metrics) {
    this.checks = checks;
    this.commands = commands;
    this.changes = changes;
    this.bodyLimit = settings.pingBodyLimit();
    for (PingKind kind : PingKind.values()) {
      received.put(kind, Counter.builder("lifeline.pings.received").tag("kind", kind.name().toLowerCase(Locale.ROOT))
          .description("pings acknowledged by Kafka, by kind").register(metrics));
    }
  }

  @Override
  public void addTo(RoutesConfig routes) {
    Map<String, Handler> paths = Map.of(
        "/ping/{uuid}", ctx -> ping(ctx, PingPath.parse(ctx.pathParam("uuid"), null, null)),
        "/ping/{uuidOrPingKey}/{signalOrSlug}", ctx -> ping(ctx,
            PingPath.parse(ctx.pathParam("uuidOrPingKey"), ctx.pathParam("signalOrSlug"), null)),
        "/ping/{pingKey}/{slug}/{signal}", ctx -> ping(ctx,
            PingPath.parse(ctx.pathParam("pingKey"), ctx.pathParam("slug"), ctx.pathParam("signal"))));
    paths.forEach((path, h) -> {
      routes.get(path, h);
      routes.post(path, h);
      routes.head(path, h);
    });
  }

  private void ping(Context ctx, PingPath path) {
    ctx.header("Access-Control-Allow-Origin", "*");
    ctx.header("Ping-Body-Limit", String.valueOf(bodyLimit));
    String rid = ctx.queryParam("rid");
    if (rid != null && !PingPath.UUID.matcher(rid).matches()) {
      throw ApiError.badRequest("rid", "rid must be a UUID");
    }
    if (!path.bySlug()) {
      CheckDefinition check = checks.byUuid(path.uuid()).orElseThrow(() -> ApiError.notFound("not found"));
      record(ctx, CompletableFuture.completedFuture(check), path, rid, false);
      return;
    }
    if (!path.slug().equals(path.slug().toLowerCase(Locale.ROOT))) {
      throw ApiError.badRequest("slug", "a slug is lower case");
    }
    List<String> uuids = checks.bySlug(path.pingKey(), path.slug());
    if (uuids.size() > 1) {
      throw new ApiError(409, "slug", "ambiguous slug");
    }
    if (!uuids.isEmpty()) {
      CheckDefinition check = checks.byUuid(uuids.get(0)).orElseThrow(() -> ApiError.notFound("not found"));
      record(ctx, CompletableFuture.completedFuture(check), path, rid, false);
      return;
    }
    if (!"1".equals(ctx.queryParam("create")) || !changes.pingKey().equals(path.pingKey())
        || !CheckSpec.isValidSlug(path.slug()) || path.slug().isEmpty()) {
      throw ApiError.notFound("not found");
    }
    record(ctx, commands.save(changes.provision(path.slug()), RequestIds.of(ctx)), path, rid, true);
  }

  private void record(Context ctx, CompletableFuture<CheckDefinition> check, PingPath path, String rid,
      boolean created) {
    byte[] body = hasBody(ctx) ? ctx.bodyAsBytes() : NO_BODY;
    String method = ctx.method().name();
    ctx.future(() -> check.thenCompose(definition -> {
      Ping ping = ping(ctx, definition, path, rid, method, body);
      return commands.ping(ping, RequestIds.of(ctx)).thenAccept(acked -> {
        received.get(ping.getKind()).increment();
        answer(ctx, definition, ping, created);
      });
    }));
  }

  private Ping ping(Context ctx, CheckDefinition check, PingPath path, String rid, String method, byte[] body) {
    String forwarded = ctx.header("X-Forwarded-For");
    String source = forwarded != null && !forwarded.isBlank() ? forwarded.split(",")[0].strip() : ctx.ip();
    String agent = ctx.header("User-Agent");
    String kept = new String(body.length <= bodyLimit ? body : Arrays.copyOf(body, bodyLimit), StandardCharsets.UTF_8);
    return Ping.newBuilder()
        .setCheckUuid(check.getUuid())
        .setKind(CheckRules.kindOf(check, path.kind(), path.exitStatus(), method, kept))
        .setExitStatus(path.exitStatus())
        .setRid(rid == null ? null : rid.toLowerCase(Locale.ROOT))
        .setReceivedAt(Instant.ofEpochMilli(System.currentTimeMillis()))
        .setMethod(method)
        .setSourceAddress(truncate(source, 100))
        .setUserAgent(truncate(agent == null ? "" : agent, 200))
        .setBody(kept)
        .build();
  }

  private static void answer(Context ctx, CheckDefinition check, Ping ping, boolean created) {
    ctx.status(created ? 201 : 200);
    String accept = ctx.header("Accept");
    if (accept != null && accept.contains("application/json")) {
      ObjectNode json = Json.MAPPER.createObjectNode().put("ok", true).put("name", check.getName())
          .put("timestamp", IsoTime.of(ping.getReceivedAt()));
      ctx.json(json);
    } else {
      ctx.contentType("text/plain; charset=utf-8").result(created ? "Created" : "OK");
    }
  }

  /** Most pings are GETs without a body; reading one anyway allocates a buffer per ping. */
  private static boolean hasBody(Context ctx) {
    return ctx.req().getContentLengthLong() > 0 || ctx.header("Transfer-Encoding") != null;
  }

  private static String truncate(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max);
  }
}
