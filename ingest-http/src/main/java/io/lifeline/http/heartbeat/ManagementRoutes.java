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
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
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
 * The healthchecks-compatible Management API at {@code /api/v1/}, {@code /api/v2/} and {@code /api/v3/}
 * (v1 and v2 derive a slug from the name and v1 reports {@code started}, as healthchecks does).
 * Definitions come from this instance's {@link CheckLookup}; states from {@link StateQueries}, wherever
 * they live. A command answers with the check as the monitor holds it once it applied the command.
 */
public final class ManagementRoutes implements RouteGroup {

  private static final Pattern UNIQUE_KEY = Pattern.compile("[0-9a-f]{40}");
  /** The farthest ahead a timed pause may end. */
  private static final Duration MAX_PAUSE = Duration.ofDays(365);

  private final CheckLookup checks;
  private final ChannelLookup channels;
  private final Commands commands;
  private final StateQueries states;
  private final CheckChanges changes;
  private final ApiAuth auth;
  private final Duration minPeriod;
  private final CheckJson json;
  private final String publicBaseUrl;

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
    this.publicBaseUrl = settings.publicBaseUrl();
  }

  @Override
  public void addTo(RoutesConfig routes) {
    for (String v : List.of("v1", "v2", "v3")) {
      String api = "/api/" + v;
      routes.get(api + "/checks", cors(ctx -> list(ctx, v)));
      routes.post(api + "/checks", cors(ctx -> create(ctx, v)));
      routes.get(api + "/checks/{id}", cors(ctx -> get(ctx, v)));
      routes.post(api + "/checks/{id}", cors(ctx -> update(ctx, v)));
      routes.delete(api + "/checks/{id}", cors(ctx -> delete(ctx, v)));
      routes.post(api + "/checks/{id}/pause", cors(ctx -> pause(ctx, v)));
      routes.post(api + "/checks/{id}/resume", cors(ctx -> resume(ctx, v)));
      routes.get(api + "/checks/{id}/pings", cors(ctx -> pings(ctx, v)));
      routes.get(api + "/checks/{id}/pings/{n}/body", cors(this::pingBody));
      routes.get(api + "/checks/{id}/flips", cors(this::flips));
      routes.get(api + "/stats", cors(this::stats));
      routes.get(api + "/status", cors(ctx -> ctx.contentType("text/plain; charset=utf-8").result("OK")));
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
      definitions.forEach(d -> counts.merge(CheckRules.statusAt(byUuid.get(d.getUuid()), d, now, true), 1, Integer::sum));
      ObjectNode body = Json.MAPPER.createObjectNode().put("total", definitions.size());
      counts.forEach((status, n) -> body.put(status.json(), n));
      ctx.json(body);
    }));
  }

  private void create(Context ctx, String v) {
    JsonNode body = ApiAuth.body(ctx);
    auth.write(ctx, body);
    CheckSpec spec = spec(body, v);
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
    CheckSpec spec = spec(body, v);
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

  private CheckSpec spec(JsonNode body, String v) {
    CheckSpec spec = CheckSpec.parse(body, minPeriod);
    if (!v.equals("v3")) {
      spec.withSlugFromName();
    }
    return spec.resolveChannels(channels::all);
  }

  /** Pauses until resumed, or with {@code {"until": "<ISO-8601>"}} until then, when it resumes by itself as new. */
  private void pause(Context ctx, String v) {
    JsonNode body = ApiAuth.body(ctx);
    auth.write(ctx, body);
    Instant until = until(body.get("until"));
    save(ctx, changes.pause(existing(ctx.pathParam("id")), until), 200, v);
  }

  private static Instant until(JsonNode value) {
    if (value == null || value.isNull()) {
      return null;
    }
    Instant until;
    try {
      until = value.isTextual() ? OffsetDateTime.parse(value.asText()).toInstant() : null;
    } catch (DateTimeParseException e) {
      until = null;
    }
    if (until == null) {
      throw ApiError.badRequest("until", "until must be an ISO-8601 time with an offset, e.g. 2026-01-01T09:00:00Z");
    }
    Instant now = Instant.now();
    if (!until.isAfter(now) || until.isAfter(now.plus(MAX_PAUSE))) {
      throw ApiError.badRequest("until", "until must be in the future, within " + MAX_PAUSE.toDays() + " days");
    }
    return until;
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

  private void pings(Context ctx, String v) {
    auth.write(ctx, null);
    String uuid = existing(ctx.pathParam("id")).getUuid();
    String checkUrl = publicBaseUrl + "/api/" + v + "/checks/" + uuid;
    ctx.future(() -> states.pings(uuid).thenAccept(history -> {
      ObjectNode body = Json.MAPPER.createObjectNode();
      body.set("pings", PingLogJson.of(history, checkUrl));
      ctx.json(body);
    }));
  }

  /** The body a logged ping kept, verbatim as text; 404 when the ping is gone from the log or kept none. */
  private void pingBody(Context ctx) {
    auth.write(ctx, null);
    String uuid = existing(ctx.pathParam("id")).getUuid();
    long n = number(ctx.pathParam("n"));
    ctx.future(() -> states.pings(uuid).thenAccept(history -> {
      String body = history.stream().filter(p -> p.n() == n).map(p -> p.entry().getBody()).findFirst().orElse("");
      if (body.isEmpty()) {
        throw ApiError.notFound("not found");
      }
      ctx.contentType("text/plain; charset=utf-8").result(body);
    }));
  }

  private static long number(String n) {
    try {
      return Long.parseLong(n);
    } catch (NumberFormatException e) {
      throw ApiError.notFound("not found");
    }
  }

  private void flips(Context ctx) {
    auth.read(ctx);
    String uuid = existing(ctx.pathParam("id")).getUuid();
    FlipFilter filter = FlipFilter.parse(ctx);
    boolean bareList = bareList(ctx.queryParam("format"));
    ctx.future(() -> states.flips(uuid).thenAccept(history -> {
      ArrayNode flips = Json.MAPPER.createArrayNode();
      for (Numbered<Flip> numbered : history) {
        Flip f = numbered.entry();
        if (filter.accepts(f.getAt().toEpochMilli())) {
          flips.addObject().put("timestamp", IsoTime.of(f.getAt())).put("up", f.getTo() == CheckStatus.UP ? 1 : 0)
              .put("from", f.getFrom().name().toLowerCase(Locale.ROOT))
              .put("to", f.getTo().name().toLowerCase(Locale.ROOT))
              .put("reason", f.getReason().name().toLowerCase(Locale.ROOT))
              .put("failures", f.getFailures());
        }
      }
      if (bareList) {
        ctx.json(flips);
      } else {
        ObjectNode body = Json.MAPPER.createObjectNode();
        body.set("flips", flips);
        ctx.json(body);
      }
    }));
  }

  /**
   * healthchecks' server answers {@code {"flips": [...]}} while its docs show a bare list (which some
   * clients expect): {@code ?format=list} gives the bare list.
   */
  private static boolean bareList(String format) {
    if (format == null || format.equals("object")) {
      return false;
    }
    if (format.equals("list")) {
      return true;
    }
    throw ApiError.badRequest("format", "format must be list or object");
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
