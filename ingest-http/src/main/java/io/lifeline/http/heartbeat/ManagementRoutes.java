package io.lifeline.http.heartbeat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import io.lifeline.heartbeat.CheckChanges;
import io.lifeline.heartbeat.CheckRules;
import io.lifeline.heartbeat.CheckSpec;
import io.lifeline.heartbeat.Numbered;
import io.lifeline.http.ApiAuth;
import io.lifeline.http.ApiError;
import io.lifeline.http.Cors;
import io.lifeline.http.HttpSettings;
import io.lifeline.http.Json;
import io.lifeline.http.RequestIds;
import io.lifeline.http.RouteGroup;
import io.lifeline.ports.ChannelLookup;
import io.lifeline.ports.CheckLookup;
import io.lifeline.ports.Commands;
import io.lifeline.ports.StateQueries;
import io.lifeline.schemas.CheckDefinition;
import io.lifeline.schemas.CheckStatus;
import io.lifeline.schemas.Flip;
import io.lifeline.schemas.internal.CheckState;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The healthchecks-compatible Management API at {@code /api/v1/} and {@code /api/v3/}. Definitions
 * come from this instance's {@link CheckLookup}; states from {@link StateQueries}, wherever they live.
 * A command answers with the check as the monitor holds it once it applied the command.
 */
public final class ManagementRoutes implements RouteGroup {

  private static final Pattern UNIQUE_KEY = Pattern.compile("[0-9a-f]{40}");

  private final CheckLookup checks;
  private final ChannelLookup channels;
  private final Commands commands;
  private final StateQueries states;
  private final CheckChanges changes;
  private final ApiAuth auth;
  private final Duration minPeriod;
  private final CheckJson json;

  public ManagementRoutes(CheckLookup checks, ChannelLookup channels, Commands commands, StateQueries states,
      CheckChanges changes, ApiAuth auth, HttpSettings settings) {
    this.checks = checks;
    this.channels = channels;
    this.commands = commands;
    this.states = states;
    this.changes = changes;
    this.auth = auth;
    this.minPeriod = settings.minPeriod();
    this.json = new CheckJson(settings.publicBaseUrl());
  }

  @Override
  public void addTo(RoutesConfig routes) {
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
      routes.get(api + "/stats", cors(this::stats));
      routes.options(api + "/*", cors(ctx -> ctx.status(204)));
    }
  }

  private static Handler cors(Handler handler) {
    return Cors.allow(handler);
  }

  private void list(Context ctx, String v) {
    boolean readOnly = auth.read(ctx);
    Set<String> tags = Set.copyOf(ctx.queryParams("tag"));
    String slug = ctx.queryParam("slug");
    Predicate<CheckDefinition> wanted = d -> d.getTags().containsAll(tags) && (slug == null || slug.equals(d.getSlug()));
    List<CheckDefinition> definitions = checks.all().stream().filter(wanted).toList();
    ctx.future(() -> states.checkStates().thenAccept(all -> {
      Map<String, CheckState> byUuid = byUuid(all);
      long now = System.currentTimeMillis();
      ObjectNode body = Json.MAPPER.createObjectNode();
      ArrayNode list = body.putArray("checks");
      definitions.forEach(d -> list.add(json.of(d, byUuid.get(d.getUuid()), now, readOnly, v)));
      ctx.json(body);
    }));
  }

  private void stats(Context ctx) {
    auth.read(ctx);
    List<CheckDefinition> definitions = checks.all();
    ctx.future(() -> states.checkStates().thenAccept(all -> {
      Map<String, CheckState> byUuid = byUuid(all);
      long now = System.currentTimeMillis();
      Map<CheckRules.Status, Integer> counts = new EnumMap<>(CheckRules.Status.class);
      for (CheckRules.Status s : CheckRules.Status.values()) {
        counts.put(s, 0);
      }
      definitions.forEach(d -> counts.merge(CheckRules.statusAt(byUuid.get(d.getUuid()), d, now), 1, Integer::sum));
      ObjectNode body = Json.MAPPER.createObjectNode().put("total", definitions.size());
      counts.forEach((status, n) -> body.put(status.json(), n));
      ctx.json(body);
    }));
  }

  private void create(Context ctx, String v) {
    JsonNode body = ApiAuth.body(ctx);
    auth.write(ctx, body);
    CheckSpec spec = CheckSpec.parse(body, minPeriod).resolveChannels(channels::all);
    Optional<CheckDefinition> match = spec.isUpsert()
        ? checks.all().stream().filter(spec::matches).findFirst() : Optional.empty();
    if (match.isPresent()) {
      save(ctx, changes.update(match.get(), spec), 200, v);
    } else {
      save(ctx, changes.create(spec), 201, v);
    }
  }

  private void get(Context ctx, String v) {
    boolean readOnly = auth.read(ctx);
    CheckDefinition d = existing(ctx.pathParam("id"));
    ctx.future(() -> states.checkState(d.getUuid())
        .thenAccept(s -> ctx.json(json.of(d, s.orElse(null), System.currentTimeMillis(), readOnly, v))));
  }

  private void update(Context ctx, String v) {
    JsonNode body = ApiAuth.body(ctx);
    auth.write(ctx, body);
    CheckSpec spec = CheckSpec.parse(body, minPeriod).resolveChannels(channels::all);
    save(ctx, changes.update(existing(ctx.pathParam("id")), spec), 200, v);
  }

  private void delete(Context ctx, String v) {
    auth.write(ctx, null);
    CheckDefinition d = existing(ctx.pathParam("id"));
    String uuid = d.getUuid();
    ctx.future(() -> stateOrNone(states.checkState(uuid)).thenCompose(last ->
        commands.delete(uuid, RequestIds.of(ctx))
            .thenCompose(gone -> stateOrNone(states.checkStateAfter(uuid, StateQueries.DELETED)))
            .thenAccept(gone -> ctx.json(json.of(d, last, System.currentTimeMillis(), false, v)))));
  }

  private void pause(Context ctx, String v) {
    auth.write(ctx, ApiAuth.body(ctx));
    save(ctx, changes.pause(existing(ctx.pathParam("id"))), 200, v);
  }

  private void resume(Context ctx, String v) {
    auth.write(ctx, ApiAuth.body(ctx));
    CheckDefinition d = existing(ctx.pathParam("id"));
    ctx.future(() -> states.checkState(d.getUuid()).thenCompose(s -> {
      if (s.map(state -> state.getStatus() != CheckStatus.PAUSED).orElse(true)) {
        throw new ApiError(409, null, "check is not paused");
      }
      return saved(ctx, changes.resume(d), 200, v);
    }));
  }

  private void pings(Context ctx) {
    auth.write(ctx, null);
    String uuid = existing(ctx.pathParam("id")).getUuid();
    ctx.future(() -> states.pings(uuid).thenAccept(history -> {
      ObjectNode body = Json.MAPPER.createObjectNode();
      body.set("pings", PingLogJson.of(history));
      ctx.json(body);
    }));
  }

  private void flips(Context ctx) {
    auth.read(ctx);
    String uuid = existing(ctx.pathParam("id")).getUuid();
    FlipFilter filter = FlipFilter.parse(ctx);
    ctx.future(() -> states.flips(uuid).thenAccept(history -> {
      ObjectNode body = Json.MAPPER.createObjectNode();
      ArrayNode flips = body.putArray("flips");
      for (Numbered<Flip> numbered : history) {
        Flip f = numbered.entry();
        if (filter.accepts(f.getAt().toEpochMilli())) {
          flips.addObject().put("timestamp", IsoTime.of(f.getAt())).put("up", f.getTo() == CheckStatus.UP ? 1 : 0)
              .put("from", f.getFrom().name().toLowerCase(Locale.ROOT))
              .put("to", f.getTo().name().toLowerCase(Locale.ROOT))
              .put("reason", f.getReason().name().toLowerCase(Locale.ROOT));
        }
      }
      ctx.json(body);
    }));
  }

  private void save(Context ctx, CheckDefinition next, int status, String v) {
    ctx.future(() -> saved(ctx, next, status, v));
  }

  /**
   * Writes a definition and answers with the check once the monitor applied it. The write is already
   * acknowledged when the state is read, so a state that cannot be read makes the answer show none
   * rather than fail a command that happened.
   */
  private CompletableFuture<Void> saved(Context ctx, CheckDefinition next, int status, String v) {
    return commands.save(next, RequestIds.of(ctx))
        .thenCompose(saved -> stateOrNone(states.checkStateAfter(saved.getUuid(), CheckChanges.version(saved)))
            .thenAccept(s -> ctx.status(status).json(json.of(saved, s, System.currentTimeMillis(), false, v))));
  }

  private static CompletableFuture<CheckState> stateOrNone(CompletableFuture<Optional<CheckState>> state) {
    return state.handle((s, error) -> error == null ? s.orElse(null) : null);
  }

  private static Map<String, CheckState> byUuid(List<CheckState> all) {
    return all.stream().collect(Collectors.toMap(CheckState::getUuid, Function.identity(), (a, b) -> b));
  }

  /** The check a path names by uuid or by healthchecks' read-only unique key; anything else is a 404. */
  private CheckDefinition existing(String id) {
    String uuid;
    if (PingPath.UUID.matcher(id).matches()) {
      uuid = id.toLowerCase(Locale.ROOT);
    } else if (UNIQUE_KEY.matcher(id).matches()) {
      uuid = checks.byUniqueKey(id).orElseThrow(() -> ApiError.notFound("not found"));
    } else {
      throw ApiError.notFound("not found");
    }
    return checks.byUuid(uuid).orElseThrow(() -> ApiError.notFound("not found"));
  }
}
