package io.lifeline.http.heartbeat;

import io.lifeline.http.ApiAuth;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.lifeline.heartbeat.CheckHistory;
import io.lifeline.heartbeat.CheckRules;
import io.lifeline.http.ApiError;
import io.lifeline.http.Edge;
import io.lifeline.http.Json;
import io.lifeline.http.query.KeyRouter;
import io.lifeline.schemas.CheckDefinition;
import io.lifeline.schemas.CheckStatus;
import io.lifeline.schemas.Flip;
import io.lifeline.schemas.Ping;
import io.lifeline.schemas.StoreNames;
import io.lifeline.schemas.internal.CheckState;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The healthchecks-compatible Management API at {@code /api/v1/} and {@code /api/v3/}. Reads and
 * commands of one check run on the instance that owns its state (forwarded there when needed);
 * lists and stats gather from every instance.
 */
final class ManagementApi {

  private static final Pattern UNIQUE_KEY = Pattern.compile("[0-9a-f]{40}");
  private static final String HANDLED_HERE = "lifeline.heartbeat.handledHere";

  private final Edge edge;
  private final ApiAuth auth;
  private final Replica replica;
  private final HeartbeatState state;
  private final CheckCommands commands;
  private final CheckListing listing;
  private final CheckJson json;
  private final KeyRouter router;

  ManagementApi(Edge edge, ApiAuth auth, Replica replica, HeartbeatState state, CheckCommands commands,
      CheckListing listing, KeyRouter router) {
    this.edge = edge;
    this.auth = auth;
    this.replica = replica;
    this.state = state;
    this.commands = commands;
    this.listing = listing;
    this.json = new CheckJson(edge.config().publicBaseUrl());
    this.router = router;
  }

  void register(RoutesConfig routes) {
    for (String v : List.of("v1", "v3")) {
      String api = "/api/" + v;
      routes.get(api + "/checks", cors(ctx -> list(ctx, v)));
      routes.post(api + "/checks", cors(ctx -> create(ctx, v)));
      routes.get(api + "/checks/{id}", cors(ctx -> get(ctx, v)));
      routes.post(api + "/checks/{id}", cors(ctx -> update(ctx, v)));
      routes.delete(api + "/checks/{id}", cors(ctx -> delete(ctx, v)));
      routes.post(api + "/checks/{id}/pause", cors(ctx -> pause(ctx, v)));
      routes.post(api + "/checks/{id}/resume", cors(ctx -> resume(ctx, v)));
      routes.get(api + "/checks/{id}/pings", cors(this::pings));
      routes.get(api + "/checks/{id}/flips", cors(this::flips));
      routes.get(api + "/channels", cors(this::channels));
      routes.get(api + "/stats", cors(this::stats));
      routes.options(api + "/*", cors(ctx -> ctx.status(204)));
    }
  }

  private static Handler cors(Handler handler) {
    return ctx -> {
      ctx.header("Access-Control-Allow-Origin", "*");
      ctx.header("Access-Control-Allow-Headers", "X-Api-Key, Content-Type");
      ctx.header("Access-Control-Allow-Methods", "GET, POST, DELETE, OPTIONS");
      handler.handle(ctx);
    };
  }

  private void list(Context ctx, String v) throws Exception {
    boolean readOnly = auth.read(ctx);
    Set<String> tags = Set.copyOf(ctx.queryParams("tag"));
    String slug = ctx.queryParam("slug");
    Optional<List<CheckListing.Entry>> entries = listing.list(ctx, d ->
        d.getTags().containsAll(tags) && (slug == null || slug.equals(d.getSlug())));
    if (entries.isEmpty()) {
      return;
    }
    long now = System.currentTimeMillis();
    ObjectNode body = Json.MAPPER.createObjectNode();
    ArrayNode checks = body.putArray("checks");
    entries.get().forEach(e -> checks.add(json.of(e.definition(), e.state(), now, readOnly, v)));
    ctx.json(body);
  }

  private void stats(Context ctx) throws Exception {
    auth.read(ctx);
    Optional<List<CheckListing.Entry>> entries = listing.list(ctx, d -> true);
    if (entries.isEmpty()) {
      return;
    }
    long now = System.currentTimeMillis();
    Map<CheckRules.Status, Integer> counts = new EnumMap<>(CheckRules.Status.class);
    for (CheckRules.Status s : CheckRules.Status.values()) {
      counts.put(s, 0);
    }
    entries.get().forEach(e -> counts.merge(CheckRules.statusAt(e.state(), e.definition(), now), 1, Integer::sum));
    ObjectNode body = Json.MAPPER.createObjectNode().put("total", entries.get().size());
    counts.forEach((status, n) -> body.put(status.json(), n));
    ctx.json(body);
  }

  private void create(Context ctx, String v) throws Exception {
    JsonNode body = ApiAuth.body(ctx);
    auth.write(ctx, body);
    CheckSpec spec = CheckSpec.parse(body, edge.config().minPeriod());
    Optional<CheckDefinition> match = findUnique(spec);
    if (match.isEmpty()) {
      CheckDefinition created = commands.create(spec, ctx);
      ctx.status(201).json(view(created, v));
      return;
    }
    routeCommand(ctx, match.get().getUuid(), c -> {
      CheckDefinition existing = replica.byUuid(match.get().getUuid()).orElse(null);
      if (existing == null) {
        c.status(201).json(view(commands.create(spec, c), v));
      } else {
        c.status(200).json(view(commands.update(existing, spec, c), v));
      }
    });
  }

  private void get(Context ctx, String v) throws Exception {
    boolean readOnly = auth.read(ctx);
    String uuid = resolve(ctx.pathParam("id"));
    router.route(ctx, StoreNames.CHECK_STATES, uuid, c -> {
      CheckDefinition d = existing(uuid);
      c.json(json.of(d, state.state(uuid).orElse(null), System.currentTimeMillis(), readOnly, v));
    });
  }

  private void update(Context ctx, String v) throws Exception {
    JsonNode body = ApiAuth.body(ctx);
    auth.write(ctx, body);
    CheckSpec spec = CheckSpec.parse(body, edge.config().minPeriod());
    String uuid = resolve(ctx.pathParam("id"));
    routeCommand(ctx, uuid, c -> c.json(view(commands.update(existing(uuid), spec, c), v)));
  }

  private void delete(Context ctx, String v) throws Exception {
    auth.write(ctx, null);
    String uuid = resolve(ctx.pathParam("id"));
    routeCommand(ctx, uuid, c -> {
      CheckDefinition d = existing(uuid);
      ObjectNode last = view(d, v);
      commands.delete(d, c);
      c.json(last);
    });
  }

  private void pause(Context ctx, String v) throws Exception {
    auth.write(ctx, ApiAuth.body(ctx));
    String uuid = resolve(ctx.pathParam("id"));
    routeCommand(ctx, uuid, c -> c.json(view(commands.pause(existing(uuid), c), v)));
  }

  private void resume(Context ctx, String v) throws Exception {
    auth.write(ctx, ApiAuth.body(ctx));
    String uuid = resolve(ctx.pathParam("id"));
    routeCommand(ctx, uuid, c -> {
      CheckDefinition d = existing(uuid);
      boolean paused = state.state(uuid).map(s -> s.getStatus() == CheckStatus.PAUSED).orElse(false);
      if (!paused) {
        throw new ApiError(409, null, "check is not paused");
      }
      c.json(view(commands.resume(d, c), v));
    });
  }

  private void pings(Context ctx) throws Exception {
    auth.write(ctx, null);
    String uuid = resolve(ctx.pathParam("id"));
    router.route(ctx, StoreNames.CHECK_STATES, uuid, c -> {
      existing(uuid);
      List<CheckHistory.Numbered<Ping>> history = state.pings(uuid);
      ObjectNode body = Json.MAPPER.createObjectNode();
      body.set("pings", PingLog.toJson(history));
      c.json(body);
    });
  }

  private void flips(Context ctx) throws Exception {
    boolean readOnly = auth.read(ctx);
    String uuid = resolve(ctx.pathParam("id"));
    FlipFilter filter = FlipFilter.parse(ctx);
    router.route(ctx, StoreNames.CHECK_STATES, uuid, c -> {
      existing(uuid);
      ObjectNode body = Json.MAPPER.createObjectNode();
      ArrayNode flips = body.putArray("flips");
      for (CheckHistory.Numbered<Flip> numbered : state.flips(uuid)) {
        Flip f = numbered.entry();
        if (filter.accepts(f.getAt().toEpochMilli())) {
          flips.addObject().put("timestamp", IsoTime.of(f.getAt())).put("up", f.getTo() == CheckStatus.UP ? 1 : 0)
              .put("from", f.getFrom().name().toLowerCase(Locale.ROOT))
              .put("to", f.getTo().name().toLowerCase(Locale.ROOT))
              .put("reason", f.getReason().name().toLowerCase(Locale.ROOT));
        }
      }
      c.json(body);
    });
  }

  private void channels(Context ctx) {
    auth.write(ctx, null);
    ObjectNode body = Json.MAPPER.createObjectNode();
    body.putArray("channels");
    ctx.json(body);
  }

  /**
   * Runs a command on the owner of the check's state. When it ran elsewhere, this instance's own
   * replica is awaited too, so its next ping or read sees the change.
   */
  private void routeCommand(Context ctx, String uuid, Handler command) throws Exception {
    Optional<java.time.Instant> before = replica.byUuid(uuid).map(CheckDefinition::getUpdatedAt);
    router.route(ctx, StoreNames.CHECK_STATES, uuid, c -> {
      c.attribute(HANDLED_HERE, true);
      command.handle(c);
    });
    if (ctx.attribute(HANDLED_HERE) == null && ctx.statusCode() < 300) {
      replica.await(uuid, seen -> !Objects.equals(seen.map(CheckDefinition::getUpdatedAt), before));
    }
  }

  private Optional<CheckDefinition> findUnique(CheckSpec spec) {
    if (spec.unique.isEmpty()) {
      return Optional.empty();
    }
    Map<String, CheckDefinition> found = new HashMap<>();
    replica.directory().forEach(d -> {
      if (found.isEmpty() && spec.matches(d)) {
        found.put("match", d);
      }
    });
    return Optional.ofNullable(found.get("match"));
  }

  private CheckDefinition existing(String uuid) {
    return replica.byUuid(uuid).orElseThrow(() -> ApiError.notFound("not found"));
  }

  /** A uuid or a healthchecks unique key; anything else names no check. */
  private String resolve(String id) {
    if (PingPath.UUID.matcher(id).matches()) {
      return id.toLowerCase(Locale.ROOT);
    }
    if (UNIQUE_KEY.matcher(id).matches()) {
      return replica.directory().byUniqueKey(id).orElseThrow(() -> ApiError.notFound("not found"));
    }
    throw ApiError.notFound("not found");
  }

  private ObjectNode view(CheckDefinition d, String v) {
    CheckState s = state.ownsLocally(d.getUuid()) ? state.state(d.getUuid()).orElse(null) : null;
    return json.of(d, s, System.currentTimeMillis(), false, v);
  }
}
