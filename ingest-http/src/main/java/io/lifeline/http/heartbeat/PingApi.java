package io.lifeline.http.heartbeat;

import io.lifeline.http.ApiKeys;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.lifeline.http.ApiError;
import io.lifeline.http.Edge;
import io.lifeline.http.Json;
import io.lifeline.http.RequestIds;
import io.lifeline.schemas.CheckDefinition;
import io.lifeline.schemas.Ping;
import io.lifeline.schemas.PingKind;
import io.lifeline.schemas.Topics;
import io.micrometer.core.instrument.Counter;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The healthchecks-compatible Ping API (DESIGN.md section 5.1). The check is looked up in the local
 * replica, never on another instance; the answer is 2xx only once Kafka has acknowledged the ping.
 */
final class PingApi {

  private final Edge edge;
  private final Replica replica;
  private final CheckCommands commands;
  private final ApiKeys keys;
  private final String bodyLimit;
  private final Map<PingKind, Counter> received = new EnumMap<>(PingKind.class);

  PingApi(Edge edge, Replica replica, CheckCommands commands, ApiKeys keys) {
    this.edge = edge;
    this.replica = replica;
    this.commands = commands;
    this.keys = keys;
    this.bodyLimit = String.valueOf(edge.config().pingBodyLimit());
    for (PingKind kind : PingKind.values()) {
      received.put(kind, Counter.builder("lifeline.pings.received").tag("kind", kind.name().toLowerCase(Locale.ROOT))
          .description("pings acknowledged by Kafka, by kind").register(edge.metrics()));
    }
  }

  void register(RoutesConfig routes) {
    Handler one = ctx -> ping(ctx, ctx.pathParam("a"), null, null);
    Handler two = ctx -> ping(ctx, ctx.pathParam("a"), ctx.pathParam("b"), null);
    Handler three = ctx -> ping(ctx, ctx.pathParam("a"), ctx.pathParam("b"), ctx.pathParam("c"));
    for (String path : List.of("/ping/{a}", "/ping/{a}/{b}", "/ping/{a}/{b}/{c}")) {
      Handler h = path.endsWith("{c}") ? three : path.endsWith("{b}") ? two : one;
      routes.get(path, h);
      routes.post(path, h);
      routes.head(path, h);
    }
  }

  private void ping(Context ctx, String first, String second, String third) {
    ctx.header("Access-Control-Allow-Origin", "*");
    ctx.header("Ping-Body-Limit", bodyLimit);
    PingPath path = PingPath.parse(first, second, third);
    String rid = ctx.queryParam("rid");
    if (rid != null && !PingPath.UUID.matcher(rid).matches()) {
      throw ApiError.badRequest("rid", "rid must be a UUID");
    }
    boolean created = false;
    CheckDefinition check;
    if (path.bySlug()) {
      List<String> uuids = replica.directory().bySlug(path.pingKey(), path.slug());
      if (uuids.size() > 1) {
        throw new ApiError(409, "slug", "ambiguous slug");
      }
      if (uuids.isEmpty()) {
        if (!"1".equals(ctx.queryParam("create")) || !keys.pingKey().equals(path.pingKey())
            || !CheckSpec.isValidSlug(path.slug()) || path.slug().isEmpty()) {
          throw ApiError.notFound("not found");
        }
        check = commands.provision(path.slug(), ctx);
        created = true;
      } else {
        check = replica.byUuid(uuids.get(0)).orElseThrow(() -> ApiError.notFound("not found"));
      }
    } else {
      check = replica.byUuid(path.uuid()).orElseThrow(() -> ApiError.notFound("not found"));
    }
    Ping ping = record(ctx, check, path, rid);
    boolean wasCreated = created;
    ctx.future(() -> edge.producer().send(Topics.HEARTBEAT_PINGS, check.getUuid(), ping, RequestIds.kafkaHeaders(ctx))
        .thenAccept(acked -> {
          received.get(ping.getKind()).increment();
          answer(ctx, check, ping, wasCreated);
        }));
  }

  private Ping record(Context ctx, CheckDefinition check, PingPath path, String rid) {
    String method = ctx.method().name();
    PingKind kind = "POST".equals(check.getMethods()) && !"POST".equals(method) ? PingKind.IGNORED : path.kind();
    byte[] body = ctx.bodyAsBytes();
    int limit = edge.config().pingBodyLimit();
    String forwarded = ctx.header("X-Forwarded-For");
    String source = forwarded != null && !forwarded.isBlank() ? forwarded.split(",")[0].strip() : ctx.ip();
    String agent = ctx.header("User-Agent");
    return Ping.newBuilder()
        .setCheckUuid(check.getUuid())
        .setKind(kind)
        .setExitStatus(path.exitStatus())
        .setRid(rid == null ? null : rid.toLowerCase(Locale.ROOT))
        .setReceivedAt(Instant.ofEpochMilli(System.currentTimeMillis()))
        .setMethod(method)
        .setSourceAddress(truncate(source, 100))
        .setUserAgent(truncate(agent == null ? "" : agent, 200))
        .setBody(body.length <= limit ? new String(body, StandardCharsets.UTF_8)
            : new String(Arrays.copyOf(body, limit), StandardCharsets.UTF_8))
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

  private static String truncate(String s, int max) {
    return s.length() <= max ? s : s.substring(0, max);
  }
}
