package io.lifeline.http;

import io.javalin.Javalin;
import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.javalin.http.ExceptionHandler;
import io.javalin.http.HttpResponseException;
import io.javalin.http.staticfiles.Location;
import io.javalin.json.JavalinJackson;
import io.javalin.router.Endpoint;
import io.lifeline.heartbeat.InvalidField;
import io.lifeline.ports.KafkaUnavailable;
import io.lifeline.ports.StoreUnavailable;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Javalin edge: the route groups the server chose, the exception mappers that turn port failures
 * into answers, and the cross-cutting handlers (request ids, request metrics, the dashboard's files),
 * all declared here, up front.
 */
public final class HttpApp {

  private static final Logger log = LoggerFactory.getLogger(HttpApp.class);
  static final String RETRY_AFTER_SECONDS = "5";
  /** Histogram buckets, so that Prometheus can compute latency quantiles per route across instances. */
  private static final Duration[] LATENCY_BUCKETS = Stream.of(1, 2, 5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000)
      .map(Duration::ofMillis).toArray(Duration[]::new);

  private HttpApp() {}

  public static Javalin create(HttpSettings settings, HttpLimits limits, MeterRegistry metrics,
      List<RouteGroup> groups) {
    return Javalin.create(cfg -> {
      cfg.startup.showJavalinBanner = false;
      cfg.startup.showOldJavalinVersionWarning = false;
      EdgeJetty.configure(cfg.jetty, settings, limits);
      cfg.http.maxRequestSize = settings.ingestBodyLimit();
      cfg.http.responseBufferSize = 4096;
      cfg.jsonMapper(new JavalinJackson(Json.MAPPER, false));
      RequestTimers timers = new RequestTimers(metrics, LATENCY_BUCKETS);
      cfg.requestLogger.http((ctx, ms) -> timers.of(ctx.method().name(), route(ctx), ctx.statusCode())
          .record((long) (ms * 1000), TimeUnit.MICROSECONDS));
      cfg.staticFiles.add(files -> {
        files.hostedPath = "/";
        files.directory = "/public";
        files.location = Location.CLASSPATH;
        files.headers = Map.of("Cache-Control", "no-cache");
      });

      cfg.routes.before(RequestIds::assign);
      cfg.routes.before(ctx -> QueryStrings.requireWellFormed(ctx.queryString()));
      cfg.routes.after(RequestIds::clear);
      groups.forEach(group -> group.addTo(cfg.routes));

      exception(cfg, ApiError.class, (e, ctx) -> error(ctx, e.status(), e.field(), e.getMessage()));
      exception(cfg, HttpResponseException.class, (e, ctx) -> error(ctx, e.getStatus(), null, e.getMessage()));
      exception(cfg, InvalidField.class, (e, ctx) -> error(ctx, 400, e.field(), e.getMessage()));
      exception(cfg, KafkaUnavailable.class, (e, ctx) -> {
        log.warn("answering 503: {}", e.getMessage());
        ctx.header("Retry-After", RETRY_AFTER_SECONDS);
        error(ctx, 503, null, "Kafka is unavailable; nothing was written, retry later");
      });
      exception(cfg, StoreUnavailable.class, (e, ctx) -> {
        ctx.header("Retry-After", "1");
        error(ctx, 503, null, e.getMessage());
      });
      exception(cfg, Exception.class, (e, ctx) -> {
        log.error("unexpected error on {} {}", ctx.method(), ctx.path(), e);
        error(ctx, 500, null, "internal error; request id " + RequestIds.of(ctx));
      });
      // One after-handler rather than an error handler per status: Javalin walks every registered error
      // handler on every answer, and two hundred of them were a fifth of the cost of writing a ping's OK.
      cfg.routes.after(HttpApp::framedError);
    });
  }

  /**
   * An exception handler that runs once Jetty has finished and recycled the request (an answer completed
   * after the client left or the edge stopped, such as a server-sent events stream closing) answers
   * nothing: touching the recycled request throws, Javalin queues another exception task for that, and
   * the thread completing the answer would spin there for good.
   */
  private static <E extends Exception> void exception(JavalinConfig cfg, Class<E> type, ExceptionHandler<E> handler) {
    cfg.routes.exception(type, (e, ctx) -> {
      if (answered(ctx)) {
        log.debug("no answer for {}: its request was already finished", e.toString());
        return;
      }
      handler.handle(e, ctx);
    });
  }

  private static boolean answered(Context ctx) {
    try {
      ctx.res().getStatus();
      return false;
    } catch (IllegalStateException recycled) {
      return true;
    }
  }

  /** The error answer of the route: healthchecks' {@code {"error","field"}} on its routes, problem+json elsewhere. */
  public static void error(Context ctx, int status, String field, String message) {
    ErrorBodies.write(ctx, status, field, message);
  }

  /** An error the framework answered itself (no such route, a body too large) gets the routes' JSON shape. */
  private static void framedError(Context ctx) {
    if (ctx.statusCode() < 400) {
      return;
    }
    String type = ctx.res().getContentType();
    if (type != null && (type.startsWith("application/json") || type.startsWith(Problems.CONTENT_TYPE))) {
      return;
    }
    int status = ctx.statusCode();
    String said = ctx.result();
    String message = status == 404 ? "no such resource: " + ctx.method() + " " + ctx.path()
        : said == null || said.isBlank() ? Problems.title(status) : said;
    error(ctx, status, null, message);
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
}
