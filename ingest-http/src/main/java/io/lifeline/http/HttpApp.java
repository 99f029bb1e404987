package io.lifeline.http;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpStatus;
import io.javalin.http.staticfiles.Location;
import io.javalin.json.JavalinJackson;
import io.javalin.router.Endpoint;
import io.lifeline.http.heartbeat.HeartbeatRoutes;
import io.lifeline.http.metering.MeteringRoutes;
import io.lifeline.http.query.StoreUnavailable;
import io.lifeline.server.Readiness;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The Javalin edge: every route, exception mapper and cross-cutting handler is declared here, up front. */
public final class HttpApp {

  private static final Logger log = LoggerFactory.getLogger(HttpApp.class);
  static final String RETRY_AFTER_SECONDS = "5";
  /** Histogram buckets, so that Prometheus can compute latency quantiles per route across instances. */
  private static final Duration[] LATENCY_BUCKETS = Stream.of(1, 2, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000)
      .map(Duration::ofMillis).toArray(Duration[]::new);

  private HttpApp() {}

  public static Javalin create(Edge edge) {
    return Javalin.create(cfg -> {
      cfg.startup.showJavalinBanner = false;
      cfg.startup.showOldJavalinVersionWarning = false;
      cfg.jetty.host = edge.config().httpHost();
      cfg.jetty.port = edge.config().httpPort();
      cfg.http.maxRequestSize = 20L * 1024 * 1024;
      cfg.jsonMapper(new JavalinJackson(Json.MAPPER, false));
      RequestTimers timers = new RequestTimers(edge.metrics(), LATENCY_BUCKETS);
      cfg.requestLogger.http((ctx, ms) -> timers.of(ctx.method().name(), route(ctx), ctx.statusCode())
          .record((long) (ms * 1000), TimeUnit.MICROSECONDS));
      cfg.staticFiles.add(files -> {
        files.hostedPath = "/";
        files.directory = "/public";
        files.location = Location.CLASSPATH;
        files.headers = Map.of("Cache-Control", "no-cache");
      });

      cfg.routes.before(RequestIds::assign);
      cfg.routes.after(RequestIds::clear);

      cfg.routes.get("/health/live", ctx -> ctx.json(status("UP")));
      cfg.routes.get("/health/ready", ctx -> ready(ctx, edge.readiness()));
      cfg.routes.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8")
          .result(edge.metrics().scrape()));

      ApiKeys keys = ApiKeys.load(edge.config(), edge.config().pingKey());
      ApiAuth auth = new ApiAuth(keys);
      HeartbeatRoutes.register(cfg.routes, edge, keys, auth);
      MeteringRoutes.register(cfg.routes, edge, auth);

      cfg.routes.exception(ApiError.class, (e, ctx) -> error(ctx, e.status(), e.field(), e.getMessage()));
      cfg.routes.exception(KafkaUnavailable.class, (e, ctx) -> {
        log.warn("answering 503: {}", e.getMessage());
        ctx.header("Retry-After", RETRY_AFTER_SECONDS);
        error(ctx, 503, null, "Kafka is unavailable; nothing was written, retry later");
      });
      cfg.routes.exception(StoreUnavailable.class, (e, ctx) -> {
        ctx.header("Retry-After", "1");
        error(ctx, 503, null, e.getMessage());
      });
      cfg.routes.exception(InvalidStateStoreException.class, (e, ctx) -> {
        ctx.header("Retry-After", "1");
        error(ctx, 503, null, "state is being moved between instances; retry shortly");
      });
      cfg.routes.exception(Exception.class, (e, ctx) -> {
        log.error("unexpected error on {} {}", ctx.method(), ctx.path(), e);
        error(ctx, 500, null, "internal error; request id " + RequestIds.of(ctx));
      });
      cfg.routes.error(404, ctx -> {
        if (ctx.result() == null || ctx.result().isEmpty()) {
          error(ctx, 404, null, "no such resource: " + ctx.path());
        }
      });
    });
  }

  public static void error(Context ctx, int status, String field, String message) {
    ObjectNode body = Json.MAPPER.createObjectNode().put("error", message);
    if (field != null) {
      body.put("field", field);
    }
    ctx.status(status).json(body);
  }

  private static void ready(Context ctx, Readiness readiness) {
    Readiness.Status status = readiness.status();
    ObjectNode body = status("UP");
    if (!status.ready()) {
      body = status("DOWN");
      body.putPOJO("waitingFor", status.waitingFor());
      ctx.header("Retry-After", RETRY_AFTER_SECONDS);
    }
    ctx.status(status.ready() ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE).json(body);
  }

  /**
   * The route template, not the path, keeps the label's values few; the after-handler's {@code *} is not
   * a route. Without a route, a success was a dashboard file.
   */
  private static String route(Context ctx) {
    Endpoint matched = ctx.endpoints().matchedHttpEndpoint();
    if (matched != null) {
      return matched.path;
    }
    return ctx.statusCode() < 400 ? "static" : "unmatched";
  }

  private static ObjectNode status(String value) {
    return Json.MAPPER.createObjectNode().put("status", value);
  }
}
