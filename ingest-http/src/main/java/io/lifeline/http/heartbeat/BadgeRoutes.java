package io.lifeline.http.heartbeat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.lifeline.heartbeat.BadgeStatus;
import io.lifeline.heartbeat.CheckRules;
import io.lifeline.http.ApiAuth;
import io.lifeline.http.ApiError;
import io.lifeline.http.Cors;
import io.lifeline.http.HttpSettings;
import io.lifeline.http.Json;
import io.lifeline.http.RouteGroup;
import io.lifeline.ports.CheckLookup;
import io.lifeline.ports.StateQueries;
import io.lifeline.schemas.CheckDefinition;
import io.lifeline.schemas.internal.CheckState;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * healthchecks' badges: {@code GET /api/v3/badges/} lists every tag's badge URLs (either key), and the
 * badges themselves are public, as SVG, JSON or shields.io endpoint JSON, found by an unguessable key
 * (see {@link BadgeUrls}). The status comes from {@link CheckRules#statusAt} through {@link BadgeStatus}.
 */
public final class BadgeRoutes implements RouteGroup {

  /** The label of the badge of every check, healthchecks' {@code MASTER_BADGE_LABEL}. */
  static final String ALL_LABEL = "lifeline";
  private static final Set<String> FORMATS = Set.of("svg", "json", "shields");
  private static final Map<String, String> SHIELDS_COLORS = Map.of("up", "success", "late", "important", "down", "critical");

  private final CheckLookup checks;
  private final StateQueries states;
  private final ApiAuth auth;
  private final BadgeUrls urls;

  public BadgeRoutes(CheckLookup checks, StateQueries states, ApiAuth auth, HttpSettings settings, String badgeSecret) {
    this.checks = checks;
    this.states = states;
    this.auth = auth;
    this.urls = new BadgeUrls(settings.publicBaseUrl(), badgeSecret);
  }

  @Override
  public void addTo(RoutesConfig routes) {
    for (String v : List.of("v1", "v2", "v3")) {
      routes.get("/api/" + v + "/badges", Cors.allow(this::list));
    }
    routes.get("/badge/{badgeProject}/{badgeFile}", Cors.allow(ctx ->
        tag(ctx, ctx.pathParam("badgeProject"), ctx.pathParam("badgeFile"), null)));
    routes.get("/badge/{badgeProject}/{signature}/{tagFile}", Cors.allow(ctx ->
        tag(ctx, ctx.pathParam("badgeProject"), ctx.pathParam("signature"), ctx.pathParam("tagFile"))));
    routes.get("/b/{states}/{checkBadgeFile}", Cors.allow(this::check));
  }

  private void list(Context ctx) {
    auth.read(ctx);
    Set<String> tags = new TreeSet<>();
    checks.all().forEach(d -> tags.addAll(d.getTags()));
    tags.add(BadgeUrls.ALL);
    ObjectNode body = Json.MAPPER.createObjectNode();
    ObjectNode badges = body.putObject("badges");
    tags.forEach(tag -> badges.set(tag, Json.MAPPER.valueToTree(urls.forTag(tag))));
    ctx.json(body);
  }

  /** {@code /badge/<key>/<signature>.<fmt>} (every check) or {@code /badge/<key>/<signature>/<tag>.<fmt>}. */
  private void tag(Context ctx, String key, String first, String second) {
    String file = second == null ? first : second;
    String format = format(file);
    String signature = second == null ? stem(first) : first;
    String tag = second == null ? BadgeUrls.ALL : URLDecoder.decode(stem(second), StandardCharsets.UTF_8);
    if (!urls.valid(key, signature, tag)) {
      throw ApiError.notFound("not found");
    }
    List<CheckDefinition> tagged = checks.all().stream()
        .filter(d -> tag.equals(BadgeUrls.ALL) || d.getTags().contains(tag)).toList();
    boolean withLate = BadgeUrls.withLate(signature);
    String label = tag.equals(BadgeUrls.ALL) ? ALL_LABEL : tag;
    ctx.future(() -> states.checkStates().thenAccept(all -> {
      Map<String, CheckState> byUuid = all.stream()
          .collect(Collectors.toMap(CheckState::getUuid, Function.identity(), (a, b) -> b));
      long now = System.currentTimeMillis();
      List<CheckRules.Status> statuses = tagged.stream()
          .map(d -> CheckRules.statusAt(byUuid.get(d.getUuid()), d, now, false)).toList();
      answer(ctx, format, label, BadgeStatus.of(statuses, withLate));
    }));
  }

  /** {@code /b/<2|3>/<badge key>.<fmt>}: one check, named by its badge key. */
  private void check(Context ctx) {
    String states = ctx.pathParam("states");
    String file = ctx.pathParam("checkBadgeFile");
    String format = format(file);
    if (!states.equals("2") && !states.equals("3")) {
      throw ApiError.notFound("not found");
    }
    String uuid = checks.byBadgeKey(stem(file)).orElseThrow(() -> ApiError.notFound("not found"));
    CheckDefinition d = checks.byUuid(uuid).orElseThrow(() -> ApiError.notFound("not found"));
    ctx.future(() -> this.states.checkState(uuid).thenAccept(state -> {
      CheckRules.Status status = CheckRules.statusAt(state.orElse(null), d, System.currentTimeMillis(), false);
      String label = d.getName().isEmpty() ? "check" : d.getName();
      answer(ctx, format, label, BadgeStatus.of(List.of(status), states.equals("3")));
    }));
  }

  private static void answer(Context ctx, String format, String label, BadgeStatus badge) {
    ctx.header("Cache-Control", "no-cache, no-store, must-revalidate");
    switch (format) {
      case "svg" -> ctx.contentType("image/svg+xml").result(BadgeSvg.of(label, badge.status()));
      case "shields" -> ctx.json(Json.MAPPER.createObjectNode().put("schemaVersion", 1).put("label", label)
          .put("message", badge.status()).put("color", SHIELDS_COLORS.get(badge.status())));
      default -> ctx.json(Json.MAPPER.createObjectNode().put("status", badge.status()).put("total", badge.total())
          .put("grace", badge.grace()).put("down", badge.down()));
    }
  }

  private static String format(String file) {
    int dot = file.lastIndexOf('.');
    String format = dot < 0 ? "" : file.substring(dot + 1);
    if (!FORMATS.contains(format)) {
      throw ApiError.notFound("not found");
    }
    return format;
  }

  private static String stem(String file) {
    return file.substring(0, file.lastIndexOf('.'));
  }
}
