package io.lifeline.http.internal;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.lifeline.http.ApiAuth;
import io.lifeline.http.ApiError;
import io.lifeline.http.RouteGroup;
import io.lifeline.metering.UsageQuery;
import io.lifeline.ports.StateQueries;
import io.lifeline.query.StateWire;
import io.lifeline.schemas.internal.CheckState;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * What this instance answers to its peers from its own stores ({@link StateQueries#local()}), over
 * the routes {@link StateWire} names. Public handlers never come here: they call {@link StateQueries},
 * which calls these routes on the instance that owns the state.
 */
public final class InternalStateRoutes implements RouteGroup {

  private final StateQueries local;
  private final ApiAuth auth;

  public InternalStateRoutes(StateQueries queries, ApiAuth auth) {
    this.local = queries.local();
    this.auth = auth;
  }

  @Override
  public void addTo(RoutesConfig routes) {
    routes.get(StateWire.CHECKS, ctx -> answer(ctx, local::checkStates, StateWire::states));
    routes.get(StateWire.CHECK, ctx -> answer(ctx, () -> checkState(ctx),
        state -> StateWire.states(state.map(List::of).orElse(List.of()))));
    routes.get(StateWire.PINGS, ctx -> answer(ctx, () -> local.pings(ctx.pathParam("uuid")), StateWire::pings));
    routes.get(StateWire.FLIPS, ctx -> answer(ctx, () -> local.flips(ctx.pathParam("uuid")), StateWire::flips));
    routes.get(StateWire.CHECK_DELIVERIES, ctx -> answer(ctx, () -> local.checkDeliveries(ctx.pathParam("uuid")),
        StateWire::deliveries));
    routes.get(StateWire.CHANNEL_DELIVERIES, ctx -> answer(ctx, () -> local.channelDeliveries(ctx.pathParam("id")),
        StateWire::deliveries));
    routes.get(StateWire.WINDOWS, ctx -> answer(ctx, () -> local.usageWindows(usageQuery(ctx)), StateWire::windows));
    routes.get(StateWire.SERIES, ctx -> answer(ctx, local::usageSeries, StateWire::windows));
    routes.get(StateWire.BATCHES, ctx -> answer(ctx,
        () -> local.batches(required(ctx, "tenant"), instant(ctx, "from"), instant(ctx, "to")), StateWire::batches));
    routes.get(StateWire.SINK_DELIVERIES, ctx -> answer(ctx,
        () -> local.sinkDeliveries(required(ctx, "tenant"), instant(ctx, "from"), instant(ctx, "to")),
        StateWire::deliveries));
  }

  private <T> void answer(Context ctx, Supplier<CompletableFuture<T>> read,
      Function<T, byte[]> encode) {
    auth.read(ctx);
    CompletableFuture<T> result = read.get();
    ctx.future(() -> result.thenAccept(value -> ctx.contentType(StateWire.CONTENT_TYPE).result(encode.apply(value))));
  }

  private CompletableFuture<Optional<CheckState>> checkState(Context ctx) {
    String uuid = ctx.pathParam("uuid");
    String version = ctx.queryParam("version");
    if (version == null) {
      return local.checkState(uuid);
    }
    try {
      return local.checkStateAfter(uuid, Long.parseLong(version));
    } catch (NumberFormatException e) {
      throw ApiError.badRequest("version", "version must be a whole number");
    }
  }

  private static UsageQuery usageQuery(Context ctx) {
    UsageQuery query = StateWire.windowsQuery(ctx::queryParam);
    if (query == null) {
      throw ApiError.badRequest("tenant", "tenant, from and to (ISO-8601 instants) are required");
    }
    return query;
  }

  private static String required(Context ctx, String name) {
    String value = ctx.queryParam(name);
    if (value == null) {
      throw ApiError.badRequest(name, name + " is required");
    }
    return value;
  }

  private static Instant instant(Context ctx, String name) {
    Instant value = StateWire.instant(ctx.queryParam(name));
    if (value == null) {
      throw ApiError.badRequest(name, name + " must be an ISO-8601 instant");
    }
    return value;
  }
}
