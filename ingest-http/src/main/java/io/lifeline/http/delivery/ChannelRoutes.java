package io.lifeline.http.delivery;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.lifeline.heartbeat.ChannelSpec;
import io.lifeline.heartbeat.CheckChanges;
import io.lifeline.http.ApiAuth;
import io.lifeline.http.ApiError;
import io.lifeline.http.Cors;
import io.lifeline.http.Json;
import io.lifeline.http.RequestIds;
import io.lifeline.http.RouteGroup;
import io.lifeline.ports.ChannelCommands;
import io.lifeline.ports.ChannelLookup;
import io.lifeline.ports.CheckLookup;
import io.lifeline.ports.Commands;
import io.lifeline.ports.Deliveries;
import io.lifeline.ports.StateQueries;
import io.lifeline.schemas.ChannelDefinition;
import io.lifeline.schemas.DeliveryOutcome;
import java.time.Clock;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Pattern;

/**
 * Alert channels (healthchecks' integrations) at {@code /api/v1/} and {@code /api/v3/}: list, create,
 * get, update, delete, send a test message, and the delivery log of a channel and of a check. A
 * channel is an event on {@code delivery.channels}; reads come from this instance's replica, the
 * delivery log from wherever {@link StateQueries} finds it.
 */
public final class ChannelRoutes implements RouteGroup {

  private static final Pattern UUID = Pattern.compile("[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

  private final ChannelLookup channels;
  private final ChannelCommands commands;
  private final Deliveries deliveries;
  private final CheckLookup checks;
  private final Commands checkCommands;
  private final CheckChanges changes;
  private final StateQueries states;
  private final ApiAuth auth;
  private final Clock clock;

  public ChannelRoutes(ChannelLookup channels, ChannelCommands commands, Deliveries deliveries, CheckLookup checks,
      Commands checkCommands, CheckChanges changes, StateQueries states, ApiAuth auth, Clock clock) {
    this.channels = channels;
    this.commands = commands;
    this.deliveries = deliveries;
    this.checks = checks;
    this.checkCommands = checkCommands;
    this.changes = changes;
    this.states = states;
    this.auth = auth;
    this.clock = clock;
  }

  @Override
  public void addTo(RoutesConfig routes) {
    for (String v : List.of("v1", "v2", "v3")) {
      String api = "/api/" + v;
      routes.get(api + "/channels", Cors.allow(this::list));
      routes.post(api + "/channels", Cors.allow(this::create));
      routes.get(api + "/channels/{id}", Cors.allow(this::get));
      routes.post(api + "/channels/{id}", Cors.allow(this::update));
      routes.delete(api + "/channels/{id}", Cors.allow(this::delete));
      routes.post(api + "/channels/{id}/test", Cors.allow(this::test));
      routes.get(api + "/channels/{id}/deliveries", Cors.allow(this::channelDeliveries));
      routes.get(api + "/checks/{id}/deliveries", Cors.allow(this::checkDeliveries));
    }
  }

  private void list(Context ctx) {
    auth.read(ctx);
    ObjectNode body = Json.MAPPER.createObjectNode();
    ArrayNode list = body.putArray("channels");
    channels.all().forEach(c -> list.add(ChannelJson.summary(c)));
    ctx.json(body);
  }

  private void create(Context ctx) {
    JsonNode body = ApiAuth.body(ctx);
    auth.write(ctx, body);
    ChannelDefinition channel = ChannelSpec.parse(body, true).create(clock);
    deliveries.checkTargets(channel);
    ctx.future(() -> commands.save(channel, RequestIds.of(ctx))
        .thenAccept(saved -> ctx.status(201).json(ChannelJson.summary(saved))));
  }

  private void get(Context ctx) {
    boolean readOnly = auth.read(ctx);
    ctx.json(ChannelJson.full(existing(ctx), readOnly));
  }

  private void update(Context ctx) {
    JsonNode body = ApiAuth.body(ctx);
    auth.write(ctx, body);
    ChannelDefinition next = ChannelSpec.parse(body, false).update(existing(ctx), clock);
    deliveries.checkTargets(next);
    ctx.future(() -> commands.save(next, RequestIds.of(ctx)).thenAccept(saved -> ctx.json(ChannelJson.full(saved, false))));
  }

  /**
   * As in healthchecks, the checks that name the channel lose it. They are rewritten before the channel
   * goes, so a failure half-way leaves a channel the user can delete again, never a check naming a
   * channel that no longer exists.
   */
  private void delete(Context ctx) {
    auth.write(ctx, null);
    ChannelDefinition channel = existing(ctx);
    String requestId = RequestIds.of(ctx);
    ctx.future(() -> takeOffChecks(channel.getId(), requestId)
        .thenCompose(unassigned -> commands.delete(channel.getId(), requestId))
        .thenAccept(gone -> ctx.json(ChannelJson.summary(channel))));
  }

  private CompletableFuture<Void> takeOffChecks(String channelId, String requestId) {
    return CompletableFuture.allOf(checks.all().stream()
        .filter(check -> check.getChannels().contains(channelId))
        .map(check -> checkCommands.save(changes.withoutChannel(check, channelId), requestId))
        .toArray(CompletableFuture[]::new));
  }

  /** 200 when the target took the test message, 502 when it did not; the body says how it went. */
  private void test(Context ctx) {
    auth.write(ctx, ApiAuth.body(ctx));
    ChannelDefinition channel = existing(ctx);
    ctx.future(() -> deliveries.test(channel).thenAccept(attempt ->
        ctx.status(attempt.getOutcome() == DeliveryOutcome.DELIVERED ? 200 : 502).json(ChannelJson.attempt(attempt))));
  }

  private void channelDeliveries(Context ctx) {
    auth.read(ctx);
    String id = existing(ctx).getId();
    ctx.future(() -> states.channelDeliveries(id).thenAccept(attempts -> ctx.json(ChannelJson.attempts(attempts))));
  }

  private void checkDeliveries(Context ctx) {
    auth.read(ctx);
    String id = ctx.pathParam("id");
    String uuid = UUID.matcher(id).matches() ? id.toLowerCase(Locale.ROOT) : null;
    if (uuid == null || checks.byUuid(uuid).isEmpty()) {
      throw ApiError.notFound("not found");
    }
    ctx.future(() -> states.checkDeliveries(uuid).thenAccept(attempts -> ctx.json(ChannelJson.attempts(attempts))));
  }

  private ChannelDefinition existing(Context ctx) {
    String id = ctx.pathParam("id");
    if (!UUID.matcher(id).matches()) {
      throw ApiError.notFound("not found");
    }
    return channels.byId(id.toLowerCase(Locale.ROOT)).orElseThrow(() -> ApiError.notFound("not found"));
  }
}
