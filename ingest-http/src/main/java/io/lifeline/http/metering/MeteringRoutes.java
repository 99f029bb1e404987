package io.lifeline.http.metering;

import io.javalin.config.RoutesConfig;
import io.lifeline.http.ApiAuth;
import io.lifeline.http.Edge;
import java.time.Clock;

/** Pulse ingest and usage queries (DESIGN.md section 6). */
public final class MeteringRoutes {

  private MeteringRoutes() {}

  public static void register(RoutesConfig routes, Edge edge, ApiAuth auth) {
    Clock clock = Clock.systemUTC();
    ClientRateLimiter limiter = new ClientRateLimiter(edge.config().ingestRateLimit());
    for (IngestEndpoint endpoint : IngestEndpoint.values()) {
      PulseIngest ingest = new PulseIngest(edge, endpoint, limiter, clock);
      routes.post(endpoint.path, ingest::handle);
    }
    UsageRoutes usage = new UsageRoutes(edge, clock);
    routes.get("/api/v1/usage", ctx -> {
      auth.read(ctx);
      usage.usage(ctx);
    });
    routes.get("/api/v1/usage/batches", ctx -> {
      auth.read(ctx);
      usage.batches(ctx);
    });
  }
}
