package io.lifeline.http.heartbeat;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.sse.SseClient;
import io.javalin.http.sse.SseHandler;
import io.lifeline.http.ApiAuth;
import io.lifeline.http.ApiError;
import io.lifeline.http.Json;
import io.lifeline.http.RouteGroup;
import io.lifeline.ports.FlipFeed;
import io.lifeline.schemas.Flip;
import java.time.Duration;
import java.util.Locale;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * {@code GET /api/v3/events/stream}: server-sent events for live views. Each flip committed from the
 * moment a client connects is one {@code flip} event; a view reads the checks through the Management API
 * and re-reads a check when it flips. A comment every {@link #KEEP_ALIVE} keeps idle proxies and the
 * edge's own idle timeout from cutting the stream, and finds clients that went away.
 */
public final class EventRoutes implements RouteGroup {

  public static final String PATH = "/api/v3/events/stream";
  private static final String EVENT_STREAM = "text/event-stream";
  static final Duration KEEP_ALIVE = Duration.ofSeconds(10);

  private final FlipFeed flips;
  private final ApiAuth auth;
  private final ScheduledExecutorService keepAlive = Executors.newSingleThreadScheduledExecutor(r -> {
    Thread t = new Thread(r, "lifeline-sse-keep-alive");
    t.setDaemon(true);
    return t;
  });

  public EventRoutes(FlipFeed flips, ApiAuth auth) {
    this.flips = flips;
    this.auth = auth;
  }

  @Override
  public void addTo(RoutesConfig routes) {
    SseHandler stream = new SseHandler(this::stream);
    routes.get(PATH, ctx -> {
      auth.read(ctx);
      String accept = ctx.header("Accept");
      if (accept == null || !accept.contains(EVENT_STREAM)) {
        throw new ApiError(406, "Accept", "this is a stream of server-sent events: send Accept: " + EVENT_STREAM);
      }
      stream.handle(ctx);
    });
  }

  private void stream(SseClient client) {
    client.keepAlive();
    // One writer at a time: flips arrive on the feed's thread, comments on the keep-alive thread.
    Object writing = new Object();
    FlipFeed.Subscription subscription = flips.subscribe(flip -> {
      synchronized (writing) {
        if (!client.terminated()) {
          client.sendEvent("flip", event(flip).toString(), null);
        }
      }
    });
    synchronized (writing) {
      // Tells the view that flips from now on will come, so it can read the state once and stop polling.
      client.sendEvent("ready", "{}", null);
    }
    ScheduledFuture<?> comments = keepAlive.scheduleAtFixedRate(() -> {
      synchronized (writing) {
        if (!client.terminated()) {
          client.sendComment("keep-alive");
        }
      }
    }, KEEP_ALIVE.toMillis(), KEEP_ALIVE.toMillis(), TimeUnit.MILLISECONDS);
    client.onClose(() -> {
      subscription.close();
      comments.cancel(false);
    });
  }

  private static ObjectNode event(Flip flip) {
    return Json.MAPPER.createObjectNode()
        .put("uuid", flip.getCheckUuid())
        .put("from", flip.getFrom().name().toLowerCase(Locale.ROOT))
        .put("to", flip.getTo().name().toLowerCase(Locale.ROOT))
        .put("reason", flip.getReason().name().toLowerCase(Locale.ROOT))
        .put("at", IsoTime.of(flip.getAt()));
  }
}
